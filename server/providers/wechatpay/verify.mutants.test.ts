import { describe, expect, it } from "vitest";
import { applyProviderTestEnv, createProviderTestKeys, encryptWechatResource, wechatpayResponseHeaders, wechatTransaction } from "@/test/provider-signers";
import { verifyWechatpay } from "./verify";

const keys = createProviderTestKeys();
const env = applyProviderTestEnv(keys);
const now = new Date("2026-09-15T04:06:00Z");
const signedBody = (body: string) => ({ headers: wechatpayResponseHeaders(keys, body, { now }), body, receivedAt: now });
const envelopeWith = (envelope: Record<string, unknown>) => signedBody(JSON.stringify(envelope));
const payTx = (over: Record<string, unknown> = {}) => ({
  ...wechatTransaction(keys, {
    orderNo: "ORD20260915000007",
    transactionId: "4200002345202609151234567897",
    amountMinor: 1999,
    currency: "CNY",
    state: "PAID",
    at: new Date("2026-09-15T04:05:41Z"),
  }),
  ...over,
});
const resource = (plaintext: string, over: Record<string, unknown> = {}, ad = "transaction") => ({
  original_type: "transaction",
  algorithm: "AEAD_AES_256_GCM",
  ciphertext: encryptWechatResource(keys.wechatpay.apiV3Key, plaintext, "n0nce0000001", ad),
  associated_data: ad,
  nonce: "n0nce0000001",
  ...over,
});
const envelope = (over: Record<string, unknown> = {}, tx: Record<string, unknown> | string = payTx()) => ({
  id: "EV-0000000007",
  create_time: "2026-09-15T12:05:43+08:00",
  resource_type: "encrypt-resource",
  event_type: "TRANSACTION.SUCCESS",
  resource: resource(typeof tx === "string" ? tx : JSON.stringify(tx)),
  ...over,
});
const malformed = (reason: string) => ({ ok: false, kind: "malformed", reason, coded: { code: "callback.malformed", params: { detail: reason } } });

describe("verifyWechatpay configuration", () => {
  it("refuses while the APIv3 key or the merchant id is unset", () => {
    const m = envelopeWith(envelope());
    expect(verifyWechatpay(m, { ...env, WECHATPAY_APIV3_KEY: undefined }, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "provider not configured: WECHATPAY_APIV3_KEY unset",
      coded: { code: "callback.provider_not_configured", params: { setting: "WECHATPAY_APIV3_KEY" } },
    });
    expect(verifyWechatpay(m, { ...env, WECHATPAY_MCH_ID: undefined }, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "provider not configured: WECHATPAY_MCH_ID unset",
      coded: { code: "callback.provider_not_configured", params: { setting: "WECHATPAY_MCH_ID" } },
    });
  });
});

describe("verifyWechatpay envelope refusals (signature valid)", () => {
  it("a body that is not a JSON object", () => {
    expect(verifyWechatpay(signedBody("[1,2]"), env, now)).toStrictEqual(malformed("body is not a JSON object"));
  });

  it("an envelope without id, event_type or resource", () => {
    for (const over of [{ id: undefined }, { event_type: "" }, { resource: "encrypted" }]) {
      expect(verifyWechatpay(envelopeWith(envelope(over)), env, now)).toStrictEqual(malformed("envelope needs id, event_type and resource"));
    }
  });

  it("an algorithm other than AEAD_AES_256_GCM, named", () => {
    const r = resource(JSON.stringify(payTx()));
    expect(verifyWechatpay(envelopeWith(envelope({ resource: { ...r, algorithm: "AES_128_CBC" } })), env, now)).toStrictEqual(malformed("unsupported resource algorithm AES_128_CBC"));
    expect(verifyWechatpay(envelopeWith(envelope({ resource: { ...r, algorithm: undefined } })), env, now)).toStrictEqual(malformed("unsupported resource algorithm (missing)"));
  });

  it("a resource without ciphertext or nonce, or with a non-string associated_data", () => {
    const r = resource(JSON.stringify(payTx()));
    for (const over of [{ ciphertext: undefined }, { nonce: "" }, { associated_data: 7 }]) {
      expect(verifyWechatpay(envelopeWith(envelope({ resource: { ...r, ...over } })), env, now)).toStrictEqual(malformed("resource needs ciphertext, nonce and associated_data"));
    }
  });

  it("a decrypted resource that is not a JSON object", () => {
    expect(verifyWechatpay(envelopeWith(envelope({}, '["SUCCESS"]')), env, now)).toStrictEqual(malformed("decrypted resource is not a JSON object"));
  });

  it("another merchant's transaction, or one without mchid", () => {
    expect(verifyWechatpay(envelopeWith(envelope({}, payTx({ mchid: "1900000999" }))), env, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "mchid 1900000999 does not match WECHATPAY_MCH_ID",
      coded: { code: "callback.merchant_mismatch", params: { field: "mchid", value: "1900000999" } },
    });
    expect(verifyWechatpay(envelopeWith(envelope({}, payTx({ mchid: undefined }))), env, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "mchid (missing) does not match WECHATPAY_MCH_ID",
      coded: { code: "callback.merchant_mismatch", params: { field: "mchid", value: "—" } },
    });
  });

  it("a transaction the builder refuses is malformed with its reason", () => {
    expect(verifyWechatpay(envelopeWith(envelope({}, payTx({ success_time: undefined }))), env, now)).toStrictEqual(malformed("success_time missing on a paid transaction"));
  });
});

describe("verifyWechatpay accepted envelopes", () => {
  it("a resource without associated_data is decrypted with an empty AAD", () => {
    const r = { ...resource(JSON.stringify(payTx()), {}, ""), associated_data: undefined };
    expect(verifyWechatpay(envelopeWith(envelope({ resource: r })), env, now)).toMatchObject({ ok: true, notification: { state: "PAID", amountMinor: 1999 } });
  });

  it("create_time is the event time when the transaction has none; an unparseable one is ignored", () => {
    const closed = payTx({ trade_state: "CLOSED", success_time: undefined });
    expect(verifyWechatpay(envelopeWith(envelope({}, closed)), env, now)).toMatchObject({
      ok: true,
      notification: { state: "CLOSED", eventId: "EV-0000000007", eventAt: new Date("2026-09-15T04:05:43Z"), paidAt: null },
    });
    expect(verifyWechatpay(envelopeWith(envelope({ create_time: "2026-09-15 12:05:43" }, closed)), env, now)).toMatchObject({ ok: true, notification: { eventAt: null } });
  });

  it("a REFUND.* event is recorded as OTHER, keyed by refund no and status", () => {
    const refundTx = {
      mchid: keys.wechatpay.mchId,
      out_trade_no: "ORD20260915000007",
      transaction_id: "4200002345202609151234567897",
      out_refund_no: "RF20260915000007",
      refund_id: "50300000000000000007",
      refund_status: "SUCCESS",
      amount: { total: 1999, refund: 500, payer_total: 1999, payer_refund: 500 },
    };
    expect(verifyWechatpay(envelopeWith(envelope({ event_type: "REFUND.SUCCESS" }, refundTx)), env, now)).toStrictEqual({
      ok: true,
      notification: {
        eventId: "EV-0000000007",
        dedupeKey: "refund:RF20260915000007:SUCCESS",
        orderNo: "ORD20260915000007",
        transactionId: "4200002345202609151234567897",
        state: "OTHER",
        providerStatus: "REFUND.SUCCESS",
        amountMinor: null,
        currency: null,
        eventAt: new Date("2026-09-15T04:05:43Z"),
        paidAt: null,
        facts: { out_refund_no: "RF20260915000007", refund_id: "50300000000000000007", refund_status: "SUCCESS" },
      },
    });
  });

  it("original_type refund is a refund too; refund_id and the event type stand in for missing fields", () => {
    const refundTx = { mchid: keys.wechatpay.mchId, refund_id: "50300000000000000008" };
    const r = resource(JSON.stringify(refundTx), { original_type: "refund" });
    expect(verifyWechatpay(envelopeWith(envelope({ event_type: "TRANSACTION.SUCCESS", resource: r })), env, now)).toStrictEqual({
      ok: true,
      notification: {
        eventId: "EV-0000000007",
        dedupeKey: "refund:50300000000000000008:TRANSACTION.SUCCESS",
        orderNo: null,
        transactionId: null,
        state: "OTHER",
        providerStatus: "TRANSACTION.SUCCESS",
        amountMinor: null,
        currency: null,
        eventAt: new Date("2026-09-15T04:05:43Z"),
        paidAt: null,
        facts: { out_refund_no: undefined, refund_id: "50300000000000000008", refund_status: "TRANSACTION.SUCCESS" },
      },
    });
  });

  it("a refund notification without out_refund_no and refund_id is malformed", () => {
    const refundTx = { mchid: keys.wechatpay.mchId, out_trade_no: "ORD20260915000007", refund_status: "SUCCESS" };
    expect(verifyWechatpay(envelopeWith(envelope({ event_type: "REFUND.ABNORMAL" }, refundTx)), env, now)).toStrictEqual(
      malformed("refund notification without out_refund_no/refund_id"),
    );
  });
});
