import { describe, expect, it } from "vitest";
import { malformedMessage } from "@/test/provider-errors";
import { buildFromPaymentIntent, stripeIntentState } from "./build-notification";

const pi = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: "pi_3QaBcD2eZvKYlo2C0000000001",
  object: "payment_intent",
  amount: 2500,
  amount_received: 2400,
  currency: "eur",
  status: "succeeded",
  latest_charge: "ch_3QaBcD2eZvKYlo2C0000000001",
  customer: "cus_Q1w2e3r4t5",
  metadata: { order_no: "ORD20260915000004" },
  ...over,
});
const at = new Date("2026-09-15T04:05:41Z");
const paidAt = new Date("2026-09-15T04:05:40Z");
const opts = { eventId: "evt_1", providerStatus: "payment_intent.succeeded", eventAt: at, paidAt };

describe("stripeIntentState", () => {
  it("succeeded → PAID, canceled → CLOSED, anything else PENDING", () => {
    expect(stripeIntentState("succeeded")).toBe("PAID");
    expect(stripeIntentState("canceled")).toBe("CLOSED");
    expect(stripeIntentState("processing")).toBe("PENDING");
    expect(stripeIntentState("requires_payment_method")).toBe("PENDING");
  });
});

describe("buildFromPaymentIntent", () => {
  it("a paid intent reports amount_received, upper-cased currency and its facts", () => {
    expect(buildFromPaymentIntent(pi(), "PAID", opts)).toStrictEqual({
      eventId: "evt_1",
      dedupeKey: "pi_3QaBcD2eZvKYlo2C0000000001:PAID",
      orderNo: "ORD20260915000004",
      transactionId: "pi_3QaBcD2eZvKYlo2C0000000001",
      state: "PAID",
      providerStatus: "payment_intent.succeeded",
      amountMinor: 2400,
      currency: "EUR",
      eventAt: at,
      paidAt,
      facts: { status: "succeeded", customer: "cus_Q1w2e3r4t5", latest_charge: "ch_3QaBcD2eZvKYlo2C0000000001" },
    });
  });

  it("another state reports the intended amount and no paidAt; no metadata means no order", () => {
    const n = buildFromPaymentIntent(pi({ status: "canceled", amount_received: 0, metadata: undefined, customer: null, latest_charge: null }), "CLOSED", {
      ...opts,
      providerStatus: "payment_intent.canceled",
    });
    expect(n).toStrictEqual({
      eventId: "evt_1",
      dedupeKey: "pi_3QaBcD2eZvKYlo2C0000000001:CLOSED",
      orderNo: null,
      transactionId: "pi_3QaBcD2eZvKYlo2C0000000001",
      state: "CLOSED",
      providerStatus: "payment_intent.canceled",
      amountMinor: 2500,
      currency: "EUR",
      eventAt: at,
      paidAt: null,
      facts: { status: "canceled" },
    });
  });

  it("latest_charge: an expanded charge gives its id; anything else is left out", () => {
    expect(buildFromPaymentIntent(pi({ latest_charge: { id: "ch_expanded", object: "charge" } }), "PAID", opts).facts).toStrictEqual({
      status: "succeeded",
      customer: "cus_Q1w2e3r4t5",
      latest_charge: "ch_expanded",
    });
    for (const latest_charge of [{ object: "charge" }, 12, undefined]) {
      expect(buildFromPaymentIntent(pi({ latest_charge, customer: "" }), "PAID", opts).facts).toStrictEqual({ status: "succeeded" });
    }
  });

  it("refuses a missing id, a non-integer amount and a bad currency with exact reasons", () => {
    expect(malformedMessage(() => buildFromPaymentIntent(pi({ id: undefined }), "PAID", opts))).toBe("payment_intent.id missing");
    expect(malformedMessage(() => buildFromPaymentIntent(pi({ amount_received: "2400" }), "PAID", opts))).toBe("payment_intent.amount_received is not an integer");
    expect(malformedMessage(() => buildFromPaymentIntent(pi({ amount: 25.5 }), "FAILED", opts))).toBe("payment_intent.amount is not an integer");
    expect(malformedMessage(() => buildFromPaymentIntent(pi({ currency: undefined }), "PAID", opts))).toBe("payment_intent.currency missing or not ISO-4217");
    expect(malformedMessage(() => buildFromPaymentIntent(pi({ currency: "euro" }), "PAID", opts))).toBe("payment_intent.currency missing or not ISO-4217");
  });
});
