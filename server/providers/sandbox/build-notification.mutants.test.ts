import { describe, expect, it } from "vitest";
import { malformedMessage } from "@/test/provider-errors";
import { buildSandboxNotification } from "./build-notification";

const doc = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventId: "sbx-ev-1",
  orderNo: "ORD20260915000005",
  transactionId: "SBX0000000001",
  amountMinor: 1999,
  currency: "CNY",
  status: "SUCCESS",
  paidAt: "2026-09-15T04:05:41.000Z",
  ...over,
});
const cb = { eventId: "sbx-ev-1", allowPending: false };
const query = { eventId: null, allowPending: true };

describe("buildSandboxNotification", () => {
  it("a paid callback", () => {
    expect(buildSandboxNotification(doc(), cb)).toStrictEqual({
      eventId: "sbx-ev-1",
      dedupeKey: "SBX0000000001:PAID",
      orderNo: "ORD20260915000005",
      transactionId: "SBX0000000001",
      state: "PAID",
      providerStatus: "SUCCESS",
      amountMinor: 1999,
      currency: "CNY",
      eventAt: new Date("2026-09-15T04:05:41Z"),
      paidAt: new Date("2026-09-15T04:05:41Z"),
      facts: {},
    });
  });

  it("closed and failed answers need no pay time; a time they carry is the event time, never paidAt", () => {
    expect(buildSandboxNotification(doc({ status: "CLOSED", paidAt: undefined }), cb)).toMatchObject({ state: "CLOSED", dedupeKey: "SBX0000000001:CLOSED", eventAt: null, paidAt: null });
    expect(buildSandboxNotification(doc({ status: "FAILED", paidAt: "2026-09-15T12:05:41+08:00" }), cb)).toMatchObject({
      state: "FAILED",
      eventAt: new Date("2026-09-15T04:05:41Z"),
      paidAt: null,
    });
  });

  it("PENDING only where allowed (status queries), and then without a transaction id", () => {
    expect(buildSandboxNotification(doc({ status: "PENDING", transactionId: undefined, paidAt: undefined }), query)).toStrictEqual({
      eventId: null,
      dedupeKey: "ORD20260915000005:PENDING",
      orderNo: "ORD20260915000005",
      transactionId: null,
      state: "PENDING",
      providerStatus: "PENDING",
      amountMinor: 1999,
      currency: "CNY",
      eventAt: null,
      paidAt: null,
      facts: {},
    });
    expect(malformedMessage(() => buildSandboxNotification(doc({ status: "PENDING" }), cb))).toBe("status PENDING is not SUCCESS, CLOSED or FAILED");
  });

  it("refuses missing or ill-typed fields with exact reasons", () => {
    expect(malformedMessage(() => buildSandboxNotification(doc({ orderNo: "" }), cb))).toBe("orderNo missing");
    expect(malformedMessage(() => buildSandboxNotification(doc({ status: undefined }), cb))).toBe("status (missing) is not SUCCESS, CLOSED or FAILED");
    expect(malformedMessage(() => buildSandboxNotification(doc({ status: "REFUNDED" }), query))).toBe("status REFUNDED is not SUCCESS, CLOSED or FAILED");
    expect(malformedMessage(() => buildSandboxNotification(doc({ amountMinor: "1999" }), cb))).toBe("amountMinor is not an integer");
    expect(malformedMessage(() => buildSandboxNotification(doc({ currency: undefined }), cb))).toBe("currency missing or not ISO-4217");
    expect(malformedMessage(() => buildSandboxNotification(doc({ currency: "cny" }), cb))).toBe("currency missing or not ISO-4217");
    expect(malformedMessage(() => buildSandboxNotification(doc({ transactionId: undefined }), cb))).toBe("transactionId missing");
    expect(malformedMessage(() => buildSandboxNotification(doc({ status: "CLOSED", transactionId: undefined }), cb))).toBe("transactionId missing");
    expect(malformedMessage(() => buildSandboxNotification(doc({ paidAt: undefined }), cb))).toBe("paidAt missing");
    expect(malformedMessage(() => buildSandboxNotification(doc({ paidAt: "yesterday" }), cb))).toBe("paidAt is not an ISO time");
    expect(malformedMessage(() => buildSandboxNotification(doc({ paidAt: "2026-09-15" }), cb))).toBe("paidAt is not an ISO time");
    expect(malformedMessage(() => buildSandboxNotification(doc({ paidAt: "+002026-09-15T04:05:41Z" }), cb))).toBe("paidAt is not an ISO time");
    // Without an offset the server's own zone would decide the instant; an impossible day is not the next one.
    expect(malformedMessage(() => buildSandboxNotification(doc({ paidAt: "2026-09-15T04:05:41" }), cb))).toBe("paidAt is not an ISO time");
    expect(malformedMessage(() => buildSandboxNotification(doc({ paidAt: "2026-02-30T04:05:41Z" }), cb))).toBe("paidAt is not an ISO time");
  });
});
