import { describe, expect, it } from "vitest";
import { applyProviderTestEnv, createProviderTestKeys, signSandboxBody, signSandboxCallback } from "@/test/provider-signers";
import { verifySandbox } from "./verify";

const keys = createProviderTestKeys();
const env = applyProviderTestEnv(keys);
const now = new Date("2026-09-15T04:06:00Z");
const malformed = (reason: string) => ({ ok: false, kind: "malformed", reason, coded: { code: "callback.malformed", params: { detail: reason } } });

describe("verifySandbox malformed callbacks (signature valid)", () => {
  it("a body that is not a JSON object", () => {
    expect(verifySandbox({ ...signSandboxBody(keys, "null", { now }), receivedAt: now }, env, now)).toStrictEqual(malformed("body is not a JSON object"));
  });

  it("a PENDING callback: a callback reports outcomes only", () => {
    const e = { orderNo: "ORD20260915000009", transactionId: "SBX0000000009", amountMinor: 500, currency: "CNY", state: "PENDING" as const, eventId: "sbx-ev-9", at: new Date("2026-09-15T04:05:41Z") };
    expect(verifySandbox({ ...signSandboxCallback(keys, e, { now }), receivedAt: now }, env, now)).toStrictEqual(malformed("status PENDING is not SUCCESS, CLOSED or FAILED"));
  });
});
