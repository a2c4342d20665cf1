import { createPrivateKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS, type Provider } from "@/lib/enums";
import type { Env } from "@/server/env";
import { startFakeProviders, type FakeProviders } from "@/test/fake-providers";
import { applyProviderTestEnv, createProviderTestKeys, fakeTransactionId, signProviderCallback, type SignableState } from "@/test/provider-signers";
import { getProviderAdapter, PROVIDER_ADAPTERS, ProviderQueryError } from "./index";

const keys = createProviderTestKeys();
let fake: FakeProviders;
let env: Env;

beforeAll(async () => {
  fake = await startFakeProviders(keys);
  env = applyProviderTestEnv(keys, { ...fake.baseUrls, PROVIDER_QUERY_TIMEOUT: "2s" });
});
afterAll(() => fake.close());

let seq = 0;
function order(provider: Provider, state: SignableState) {
  seq++;
  const orderNo = `ORD2026091500${String(seq).padStart(4, "0")}`;
  const payment = {
    state,
    transactionId: fakeTransactionId(provider, 9_000_000 + seq),
    amountMinor: 1999 + seq,
    currency: provider === "stripe" ? "USD" : "CNY",
    paidAt: new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000),
  };
  return { orderNo, payment, ref: { orderNo, providerTransactionId: null, amountMinor: payment.amountMinor, currency: payment.currency } };
}

describe("getProviderAdapter", () => {
  it("knows the four providers and nothing else", () => {
    for (const p of PROVIDERS) expect(getProviderAdapter(p)?.name).toBe(p);
    expect(Object.keys(PROVIDER_ADAPTERS).sort()).toEqual([...PROVIDERS].sort());
    for (const name of ["unionpay", "toString", "__proto__", "constructor", "", "ALIPAY"]) expect(getProviderAdapter(name)).toBeUndefined();
  });
});

describe.each(PROVIDERS)("%s status query against the fake provider", (provider) => {
  const adapter = PROVIDER_ADAPTERS[provider];

  it("finds a paid payment and reports it exactly like the callback would (same dedupeKey)", async () => {
    const o = order(provider, "PAID");
    fake.setPayment(provider, o.orderNo, o.payment);
    const before = fake.requests.length;
    const r = await adapter.query(o.ref, env);
    expect(fake.requests.length).toBe(before + 1);
    expect(fake.requests.at(-1)!.status).toBe(200);
    if (!r.found) throw new Error(`not found: ${r.reason}`);
    expect(r.notification).toMatchObject({
      orderNo: o.orderNo,
      transactionId: o.payment.transactionId,
      state: "PAID",
      amountMinor: o.payment.amountMinor,
      currency: o.payment.currency,
      paidAt: o.payment.paidAt,
      eventId: null,
    });
    expect(r.raw.length).toBeGreaterThan(0);

    const cb = signProviderCallback(provider, keys, { ...o.payment, orderNo: o.orderNo, eventId: `evt-${o.orderNo}`, at: o.payment.paidAt });
    const verified = adapter.verify({ ...cb, receivedAt: new Date() }, env, new Date());
    if (!verified.ok) throw new Error(verified.reason);
    expect(r.notification.dedupeKey).toBe(verified.notification.dedupeKey);
  });

  it("reports closed payments", async () => {
    const o = order(provider, "CLOSED");
    fake.setPayment(provider, o.orderNo, o.payment);
    const r = await adapter.query(o.ref, env);
    expect(r).toMatchObject({ found: true, notification: { state: "CLOSED", dedupeKey: `${o.payment.transactionId}:CLOSED` } });
  });

  it("says found:false for an order the provider does not know", async () => {
    const r = await adapter.query(order(provider, "PAID").ref, env);
    expect(r).toMatchObject({ found: false, reason: expect.any(String) });
  });

  it("throws on a 503 and on an answer that does not verify", async () => {
    const o = order(provider, "PAID");
    fake.setPayment(provider, o.orderNo, o.payment);
    fake.failNext(provider, 1);
    await expect(adapter.query(o.ref, env)).rejects.toThrow(ProviderQueryError);
    fake.tamperNext(provider, 1);
    await expect(adapter.query(o.ref, env)).rejects.toThrow(provider === "stripe" ? /belongs to order/ : /signature mismatch/);
    // The fake is healthy again: the same query now succeeds.
    await expect(adapter.query(o.ref, env)).resolves.toMatchObject({ found: true });
  });

  it("throws when aborted", async () => {
    const o = order(provider, "PAID");
    fake.setPayment(provider, o.orderNo, o.payment);
    await expect(adapter.query(o.ref, env, AbortSignal.abort())).rejects.toThrow();
  });
});

describe("provider-specific query details", () => {
  it("alipay: the fake gateway refuses a request signed with the wrong app key", async () => {
    const o = order("alipay", "PAID");
    fake.setPayment("alipay", o.orderNo, o.payment);
    const wrong = { ...env, ALIPAY_APP_PRIVATE_KEY: createPrivateKey(keys.alipay.platform.privateKey) };
    await expect(PROVIDER_ADAPTERS.alipay.query(o.ref, wrong)).rejects.toThrow(/isv.invalid-signature/);
  });

  it("wechatpay: sends a verifiable WECHATPAY2-SHA256-RSA2048 authorization; a 401 from the provider throws", async () => {
    const o = order("wechatpay", "PAID");
    fake.setPayment("wechatpay", o.orderNo, o.payment);
    await PROVIDER_ADAPTERS.wechatpay.query(o.ref, env);
    const req = fake.requests.at(-1)!;
    expect(req.url).toBe(`/v3/pay/transactions/out-trade-no/${o.orderNo}?mchid=${keys.wechatpay.mchId}`);
    expect(req.headers.authorization).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="[0-9a-f]{32}",signature="[^"]+",timestamp="\d+",serial_no="/);
    const wrong = { ...env, WECHATPAY_MERCHANT_PRIVATE_KEY: createPrivateKey(keys.wechatpay.platform.privateKey) };
    await expect(PROVIDER_ADAPTERS.wechatpay.query(o.ref, wrong)).rejects.toThrow(/HTTP 401/);
  });

  it("wechatpay: maps PAYERROR to FAILED and NOTPAY to PENDING", async () => {
    for (const [state, expected] of [["FAILED", "FAILED"], ["PENDING", "PENDING"]] as const) {
      const o = order("wechatpay", state);
      fake.setPayment("wechatpay", o.orderNo, o.payment);
      await expect(PROVIDER_ADAPTERS.wechatpay.query(o.ref, env)).resolves.toMatchObject({ found: true, notification: { state: expected } });
    }
  });

  it("stripe: retrieves by PaymentIntent id when the order has one, with the Bearer secret key", async () => {
    const o = order("stripe", "PAID");
    fake.setPayment("stripe", o.orderNo, o.payment);
    const r = await PROVIDER_ADAPTERS.stripe.query({ ...o.ref, providerTransactionId: o.payment.transactionId }, env);
    expect(r).toMatchObject({ found: true, notification: { state: "PAID", transactionId: o.payment.transactionId } });
    const req = fake.requests.at(-1)!;
    expect(req.url).toBe(`/v1/payment_intents/${o.payment.transactionId}?expand%5B%5D=latest_charge`);
    expect(req.headers.authorization).toBe(`Bearer ${keys.stripe.secretKey}`);
    await expect(PROVIDER_ADAPTERS.stripe.query({ ...o.ref, providerTransactionId: "pi_unknown" }, env)).resolves.toMatchObject({ found: false });
    await expect(PROVIDER_ADAPTERS.stripe.query(o.ref, { ...env, STRIPE_SECRET_KEY: "sk_test_wrong" })).rejects.toThrow(/HTTP 401/);
  });

  it("sandbox: reports PENDING payments without a transaction yet", async () => {
    const o = order("sandbox", "PENDING");
    fake.setPayment("sandbox", o.orderNo, { ...o.payment, paidAt: null });
    await expect(PROVIDER_ADAPTERS.sandbox.query(o.ref, env)).resolves.toMatchObject({ found: true, notification: { state: "PENDING", paidAt: null } });
  });

  it("throws rather than guess when a provider is not configured", async () => {
    const o = order("alipay", "PAID").ref;
    await expect(PROVIDER_ADAPTERS.alipay.query(o, { ...env, ALIPAY_APP_PRIVATE_KEY: undefined })).rejects.toThrow(/not configured/);
    await expect(PROVIDER_ADAPTERS.wechatpay.query(o, { ...env, WECHATPAY_MERCHANT_SERIAL: undefined })).rejects.toThrow(/not configured/);
    await expect(PROVIDER_ADAPTERS.stripe.query(o, { ...env, STRIPE_SECRET_KEY: undefined })).rejects.toThrow(/not configured/);
  });
});
