import { describe, expect, it } from "vitest";
import { applyProviderTestEnv, createProviderTestKeys, signSandboxBody, signSandboxCallback } from "@/test/provider-signers";
import { hmacSha256Hex } from "@/server/lib/timestamped-hmac";
import { sandboxAdapter } from "./index";
import { signSandboxPayload } from "./sign";
import { verifySandbox } from "./verify";

const keys = createProviderTestKeys();
const env = applyProviderTestEnv(keys);
const now = new Date();
const input = (state: "PAID" | "CLOSED" | "FAILED" = "PAID") => ({
  orderNo: "SIM-1",
  transactionId: "SBX0000000001",
  amountMinor: 2590,
  currency: "CNY",
  state,
  eventId: "sbx_evt_1",
  at: new Date("2026-09-15T02:30:05.123Z"),
});
const verify = (s: { headers: Record<string, string>; body: string }, at = now) => verifySandbox({ ...s, receivedAt: at }, env, at);

describe("sandbox provider", () => {
  it("signs `t=<s>,v1=<hex HMAC(secret, t.body)>`", () => {
    expect(signSandboxPayload("s3cret-value", '{"a":1}', 1757903412)).toBe(`t=1757903412,v1=${hmacSha256Hex("s3cret-value", 1757903412, '{"a":1}')}`);
    expect(signSandboxPayload("s3cret-value", "{}", 1757903412.9)).toMatch(/^t=1757903412,v1=[0-9a-f]{64}$/);
  });

  it("verifies a signed callback", () => {
    expect(verify(signSandboxCallback(keys, input()))).toEqual({
      ok: true,
      notification: {
        eventId: "sbx_evt_1",
        dedupeKey: "SBX0000000001:PAID",
        orderNo: "SIM-1",
        transactionId: "SBX0000000001",
        state: "PAID",
        providerStatus: "SUCCESS",
        amountMinor: 2590,
        currency: "CNY",
        eventAt: new Date("2026-09-15T02:30:05.123Z"),
        paidAt: new Date("2026-09-15T02:30:05.123Z"),
        facts: {},
      },
    });
    expect(verify(signSandboxCallback(keys, input("CLOSED")))).toMatchObject({ ok: true, notification: { state: "CLOSED", paidAt: null } });
    expect(verify(signSandboxCallback(keys, input("FAILED")))).toMatchObject({ ok: true, notification: { state: "FAILED", dedupeKey: "SBX0000000001:FAILED" } });
  });

  it("rejects bad signatures and stale or future timestamps", () => {
    const s = signSandboxCallback(keys, input());
    expect(verify({ ...s, body: s.body.replace("2590", "2591") })).toEqual({ ok: false, kind: "rejected", reason: "signature mismatch", coded: { code: "callback.signature_mismatch" } });
    expect(verify(signSandboxCallback(keys, input(), { now: new Date(now.getTime() - 412_000) }))).toEqual({ ok: false, kind: "rejected", reason: "timestamp 412s old (max 300s)", coded: { code: "callback.timestamp_stale", params: { ageSeconds: 412, maxSeconds: 300 } } });
    expect(verify(signSandboxCallback(keys, input(), { now: new Date(now.getTime() + 400_000) }))).toMatchObject({ kind: "rejected", reason: "timestamp 400s in the future (max 300s)" });
    expect(verify({ headers: {}, body: s.body })).toMatchObject({ kind: "rejected", reason: "missing sandbox-signature header" });
  });

  it("calls signed-but-unusable payloads malformed", () => {
    const base = JSON.parse(signSandboxCallback(keys, input()).body) as Record<string, unknown>;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, amountMinor: 25.9 }, "amountMinor is not an integer"],
      [{ ...base, amountMinor: "2590" }, "amountMinor is not an integer"],
      [{ ...base, status: "PAID" }, "status PAID is not SUCCESS, CLOSED or FAILED"],
      [{ ...base, paidAt: "yesterday" }, "paidAt is not an ISO time"],
      [{ ...base, eventId: undefined }, "eventId missing"],
    ];
    for (const [doc, reason] of cases) expect(verify(signSandboxBody(keys, JSON.stringify(doc)))).toEqual({ ok: false, kind: "malformed", reason, coded: { code: "callback.malformed", params: { detail: reason } } });
    expect(verify(signSandboxBody(keys, "[1,2]"))).toMatchObject({ kind: "malformed" });
  });

  it("replies 200 {ok:true} or an error JSON", () => {
    expect(sandboxAdapter.reply("handled")).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(sandboxAdapter.reply("retry", "busy")).toMatchObject({ status: 503, body: '{"error":"busy"}' });
  });
});
