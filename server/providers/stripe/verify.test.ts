import { describe, expect, it } from "vitest";
import { applyProviderTestEnv, createProviderTestKeys, signStripeBody, signStripeEvent } from "@/test/provider-signers";
import { hmacSha256Hex } from "@/server/lib/timestamped-hmac";
import { stripeAdapter } from "./index";
import { verifyStripe } from "./verify";

const keys = createProviderTestKeys();
const env = applyProviderTestEnv(keys);

describe("stripe signature (§7.3 vector)", () => {
  const secret = "whsec_test_0123456789abcdef";
  const body = '{"id":"evt_test_0001","object":"event","type":"payment_intent.succeeded"}';
  const header = "t=1757903412,v1=c5353af6f48998bafc946cf26eb05bb802d2f87a0682e889966b6127d5880691";
  const vEnv = { ...env, STRIPE_WEBHOOK_SECRET: secret };
  const at = (seconds: number) => new Date(seconds * 1000);
  const msg = (h: string, b = body) => ({ headers: { "stripe-signature": h }, body: b, receivedAt: new Date() });

  it("computes the documented HMAC", () => {
    expect(`t=1757903412,v1=${hmacSha256Hex(secret, 1757903412, body)}`).toBe(header);
  });
  it("accepts the documented header within 300 s (then finds no data.object: malformed, not rejected)", () => {
    expect(verifyStripe(msg(header), vEnv, at(1757903412 + 300))).toEqual({ ok: false, kind: "malformed", reason: "event.created missing or not unix seconds", coded: { code: "callback.malformed", params: { detail: "event.created missing or not unix seconds" } } });
  });
  it("rejects it when stale or from the future, or when the body or secret differ", () => {
    expect(verifyStripe(msg(header), vEnv, at(1757903412 + 301))).toEqual({ ok: false, kind: "rejected", reason: "timestamp 301s old (max 300s)", coded: { code: "callback.timestamp_stale", params: { ageSeconds: 301, maxSeconds: 300 } } });
    expect(verifyStripe(msg(header), vEnv, at(1757903412 - 301))).toEqual({ ok: false, kind: "rejected", reason: "timestamp 301s in the future (max 300s)", coded: { code: "callback.timestamp_future", params: { aheadSeconds: 301, maxSeconds: 300 } } });
    expect(verifyStripe(msg(header, body.replace("0001", "0002")), vEnv, at(1757903412))).toMatchObject({ kind: "rejected", reason: "signature mismatch" });
    expect(verifyStripe(msg(header), env, at(1757903412))).toMatchObject({ kind: "rejected", reason: "signature mismatch" });
    expect(verifyStripe(msg(""), vEnv, at(1757903412))).toMatchObject({ kind: "rejected", reason: "missing stripe-signature header" });
    expect(verifyStripe(msg("t=1757903412"), vEnv, at(1757903412))).toMatchObject({ kind: "rejected", reason: "stripe-signature has no v1 signature" });
  });
  it("accepts when any one of several v1 signatures matches (secret rolling)", () => {
    const rolled = header.replace("t=1757903412,", `t=1757903412,v1=${"0".repeat(64)},v0=abc,`);
    expect(verifyStripe(msg(rolled), vEnv, at(1757903412))).toMatchObject({ kind: "malformed" });
  });
  it("rejects everything while STRIPE_WEBHOOK_SECRET is unset", () => {
    expect(verifyStripe(msg(header), { ...vEnv, STRIPE_WEBHOOK_SECRET: undefined }, at(1757903412))).toEqual({
      ok: false,
      kind: "rejected",
      reason: "provider not configured: STRIPE_WEBHOOK_SECRET unset",
      coded: { code: "callback.provider_not_configured", params: { setting: "STRIPE_WEBHOOK_SECRET" } },
    });
  });
});

describe("stripe events", () => {
  const input = (state: "PAID" | "CLOSED" | "FAILED" | "PENDING") => ({
    orderNo: "ORD20260915000002",
    transactionId: "pi_3QaBcD2eZvKYlo2C1xYz0000",
    amountMinor: 4599,
    currency: "USD",
    state,
    eventId: `evt_${state}`,
    at: new Date("2025-09-15T02:30:10Z"),
  });
  const now = new Date();
  const verify = (s: { headers: Record<string, string>; body: string }) => verifyStripe({ ...s, receivedAt: now }, env, now);

  it("maps payment_intent.succeeded with amount_received, upper-cased currency and metadata.order_no", () => {
    expect(verify(signStripeEvent(keys, input("PAID")))).toEqual({
      ok: true,
      notification: {
        eventId: "evt_PAID",
        dedupeKey: "pi_3QaBcD2eZvKYlo2C1xYz0000:PAID",
        orderNo: "ORD20260915000002",
        transactionId: "pi_3QaBcD2eZvKYlo2C1xYz0000",
        state: "PAID",
        providerStatus: "payment_intent.succeeded",
        amountMinor: 4599,
        currency: "USD",
        eventAt: new Date("2025-09-15T02:30:10Z"),
        paidAt: new Date("2025-09-15T02:30:10Z"),
        facts: expect.any(Object),
      },
    });
  });
  it("maps canceled → CLOSED, payment_failed → FAILED and other types → OTHER keyed by event id", () => {
    expect(verify(signStripeEvent(keys, input("CLOSED")))).toMatchObject({ ok: true, notification: { state: "CLOSED", dedupeKey: "pi_3QaBcD2eZvKYlo2C1xYz0000:CLOSED" } });
    expect(verify(signStripeEvent(keys, input("FAILED")))).toMatchObject({ ok: true, notification: { state: "FAILED" } });
    expect(verify(signStripeEvent(keys, input("PENDING")))).toMatchObject({ ok: true, notification: { state: "OTHER", dedupeKey: "evt_PENDING", orderNo: "ORD20260915000002" } });
    const refunded = JSON.stringify({
      id: "evt_r1", object: "event", type: "charge.refunded", created: Math.floor(now.getTime() / 1000),
      data: { object: { id: "ch_1", object: "charge", amount: 4599, amount_refunded: 1000, payment_intent: "pi_1", currency: "usd", metadata: {} } },
    });
    expect(verify(signStripeBody(keys, refunded))).toMatchObject({ ok: true, notification: { state: "OTHER", dedupeKey: "evt_r1", orderNo: null, transactionId: "pi_1" } });
  });
  it("calls non-integer amounts malformed", () => {
    const ev = JSON.parse(signStripeEvent(keys, input("PAID")).body) as { data: { object: Record<string, unknown> } };
    ev.data.object.amount_received = 45.99;
    expect(verify(signStripeBody(keys, JSON.stringify(ev)))).toMatchObject({ ok: false, kind: "malformed", reason: "payment_intent.amount_received is not an integer" });
  });
  it("replies 200 {received:true} or an error JSON with 400/401/503", () => {
    expect(stripeAdapter.reply("handled")).toMatchObject({ status: 200, body: '{"received":true}' });
    expect(stripeAdapter.reply("rejected", "signature mismatch")).toMatchObject({ status: 401, body: '{"error":"signature mismatch"}' });
    expect([stripeAdapter.reply("malformed").status, stripeAdapter.reply("retry").status]).toEqual([400, 503]);
  });
});
