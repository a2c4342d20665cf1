import { describe, expect, it } from "vitest";
import {
  applyProviderTestEnv,
  createProviderTestKeys,
  encryptWechatResource,
  signWechatpayEnvelope,
  signWechatpayNotify,
  wechatpayEnvelope,
  wechatpayResponseHeaders,
  wechatTransaction,
} from "@/test/provider-signers";
import { wechatpayState } from "./build-notification";
import { decryptWechatpayResource } from "./decrypt-resource";
import { wechatpayAdapter } from "./index";
import { verifyWechatpay } from "./verify";

// §7.2 vector: the APIv3 key is fixed there, so this file's env uses it instead of a random one.
const V_KEY = "0123456789abcdef0123456789ABCDEF";
const V_PLAINTEXT =
  '{"mchid":"1900000109","appid":"wxd678efh567hg6787","out_trade_no":"ORD20260915000001","transaction_id":"4200002345202609151234567890","trade_type":"JSAPI","trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"OTHERS","attach":"","success_time":"2026-09-15T10:30:12+08:00","payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},"amount":{"total":1999,"payer_total":1999,"currency":"CNY","payer_currency":"CNY"}}';
const V_CIPHERTEXT =
  "sN7GE6ivMz+TkpXRenHkI2joJQE0XJAjHA5ngn4iHyBF1z3m8WVIQXoVDJ26tSvTC28PKhBuTQU3LOTY+sAQWRngE5oKccLWN0u0ngH/H+weTtE0VMjnNMRUkI2Et10Ub7l8AHmVye7/dF6Mx8mTBWS5O79eFEQmXem3hJ+WUh6v2BgCIiKSMj4/8NAdjhqxlCIx47nBKUJi0O5VIyxMSnsZHDdtKu62rda2ILtwcVTAj+ovngvVejtQmne/5aZ5ZYS5I682RtDNEoilFL6WpPkBXt2+lSQhVni8uKaug0GSRMIm1VJIBZd8CbpbYYXsHpa2zBRrex2/TuQxmqs/27dhzjabX00PTDcAxXXv3qaACXo7Ly2tThVwwjvrh2BOQ9RB9DTa8Q3XwrDj3/RAnfeNgISQkAV2KB0a3tnYjXK40Ane3RnVdaMEm70jxuQGr/0HQAngoSZrQOzZrQghY3WkKHrbkPgiWcmDS8hdVZSCu+gBiZIJSo8pLwuJDwJAmTTVrB0g/HGEeFKeSyhfiMSmpV3CZNATrrn4tmI9eVPhk1xQOCczYxe0apeD60pb2foQgOyg";
const V_ENVELOPE = `{"id":"EV-2026091510301200001","create_time":"2026-09-15T10:30:13+08:00","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"${V_CIPHERTEXT}","associated_data":"transaction","nonce":"8VbQ2yK1mX3z"}}`;

const keys = createProviderTestKeys();
keys.wechatpay.apiV3Key = V_KEY;
const env = applyProviderTestEnv(keys);
const now = new Date();
const sign = (body: string, opts: Parameters<typeof wechatpayResponseHeaders>[2] = {}) => ({ headers: wechatpayResponseHeaders(keys, body, opts), body, receivedAt: now });

const input = (state: "PAID" | "CLOSED" | "FAILED" | "PENDING" = "PAID") => ({
  orderNo: "ORD20260915000002",
  transactionId: "4200002345202609151234567891",
  amountMinor: 8800,
  currency: "CNY",
  state,
  eventId: "EV-2026091510301200002",
  at: new Date("2026-09-15T04:05:41Z"),
});

describe("wechatpay AEAD_AES_256_GCM (§7.2 vector)", () => {
  it("decrypts the documented ciphertext to the documented plaintext", () => {
    expect(decryptWechatpayResource({ ciphertext: V_CIPHERTEXT, nonce: "8VbQ2yK1mX3z", associated_data: "transaction" }, V_KEY)).toBe(V_PLAINTEXT);
  });
  it("fails authentication with a wrong AAD, nonce or key", () => {
    expect(decryptWechatpayResource({ ciphertext: V_CIPHERTEXT, nonce: "8VbQ2yK1mX3z", associated_data: "certificate" }, V_KEY)).toBeUndefined();
    expect(decryptWechatpayResource({ ciphertext: V_CIPHERTEXT, nonce: "8VbQ2yK1mX3Z", associated_data: "transaction" }, V_KEY)).toBeUndefined();
    expect(decryptWechatpayResource({ ciphertext: V_CIPHERTEXT, nonce: "8VbQ2yK1mX3z", associated_data: "transaction" }, V_KEY.toLowerCase())).toBeUndefined();
  });
});

describe("wechatpay callback verification", () => {
  it("accepts the §7.2 envelope signed by the platform key", () => {
    const r = verifyWechatpay(sign(V_ENVELOPE), env, now);
    expect(r).toEqual({
      ok: true,
      notification: {
        eventId: "EV-2026091510301200001",
        dedupeKey: "4200002345202609151234567890:PAID",
        orderNo: "ORD20260915000001",
        transactionId: "4200002345202609151234567890",
        state: "PAID",
        providerStatus: "SUCCESS",
        amountMinor: 1999,
        currency: "CNY",
        eventAt: new Date("2026-09-15T02:30:12Z"),
        paidAt: new Date("2026-09-15T02:30:12Z"),
        facts: expect.objectContaining({ trade_type: "JSAPI", payer_openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", payer_total: 1999 }),
      },
    });
  });

  it("rejects a stale timestamp, an unknown serial, a tampered body and a probe signature", () => {
    expect(verifyWechatpay(sign(V_ENVELOPE, { now: new Date(now.getTime() - 412_000) }), env, now)).toEqual({ ok: false, kind: "rejected", reason: "timestamp 412s old (max 300s)", coded: { code: "callback.timestamp_stale", params: { ageSeconds: 412, maxSeconds: 300 } } });
    expect(verifyWechatpay(sign(V_ENVELOPE, { serial: "PUB_KEY_ID_0000000000000000000000" }), env, now)).toMatchObject({ kind: "rejected", reason: "unknown platform certificate serial PUB_KEY_ID_0000000000000000000000" });
    const signed = sign(V_ENVELOPE);
    expect(verifyWechatpay({ ...signed, body: signed.body.replace('"summary":"支付成功"', '"summary":"已支付"') }, env, now)).toMatchObject({ kind: "rejected", reason: "signature mismatch" });
    const probe = { ...signed, headers: { ...signed.headers, "wechatpay-signature": "WECHATPAY/SIGNTEST/c2lnbmF0dXJl" } };
    expect(verifyWechatpay(probe, env, now)).toMatchObject({ kind: "rejected", reason: "signature mismatch" });
    const { ["wechatpay-nonce"]: _n, ...noNonce } = signed.headers;
    expect(verifyWechatpay({ ...signed, headers: noNonce }, env, now)).toMatchObject({ kind: "rejected", reason: "missing wechatpay-nonce header" });
  });

  it("rejects a signed envelope whose resource fails GCM authentication (wrong AAD)", () => {
    const body = V_ENVELOPE.replace('"associated_data":"transaction"', '"associated_data":"certificate"');
    expect(verifyWechatpay(sign(body), env, now)).toEqual({ ok: false, kind: "rejected", reason: "resource decryption failed (AES-256-GCM authentication)", coded: { code: "callback.decryption_failed" } });
  });

  it("rejects another merchant's transaction and everything when unconfigured", () => {
    const tx = { ...wechatTransaction(keys, input()), mchid: "1900000999" };
    expect(verifyWechatpay({ ...signWechatpayEnvelope(keys, wechatpayEnvelope(keys, input(), tx)), receivedAt: now }, env, now)).toMatchObject({
      kind: "rejected",
      reason: "mchid 1900000999 does not match WECHATPAY_MCH_ID",
    });
    expect(verifyWechatpay(sign(V_ENVELOPE), { ...env, WECHATPAY_PLATFORM_PUBLIC_KEY: undefined }, now)).toMatchObject({
      kind: "rejected",
      reason: "provider not configured: no platform certificate (WECHATPAY_PLATFORM_CERTS or WECHATPAY_PLATFORM_PUBLIC_KEY) set",
    });
  });

  it("calls signed-but-unusable content malformed", () => {
    expect(verifyWechatpay(sign("not json"), env, now)).toMatchObject({ kind: "malformed" });
    const tx = { ...wechatTransaction(keys, input()), amount: { total: "8800", currency: "CNY" } };
    expect(verifyWechatpay({ ...signWechatpayEnvelope(keys, wechatpayEnvelope(keys, input(), tx)), receivedAt: now }, env, now)).toMatchObject({
      kind: "malformed",
      reason: "amount.total is not an integer number of fen",
    });
    const fractional = { ...wechatTransaction(keys, input()), amount: { total: 88.5, currency: "CNY" } };
    expect(verifyWechatpay({ ...signWechatpayEnvelope(keys, wechatpayEnvelope(keys, input(), fractional)), receivedAt: now }, env, now)).toMatchObject({ kind: "malformed" });
  });

  it("maps every trade_state and round-trips the test signer", () => {
    expect(["SUCCESS", "CLOSED", "REVOKED", "PAYERROR", "NOTPAY", "USERPAYING", "ACCEPT", "REFUND"].map(wechatpayState)).toEqual([
      "PAID", "CLOSED", "CLOSED", "FAILED", "PENDING", "PENDING", "PENDING", "OTHER",
    ]);
    const closed = verifyWechatpay({ ...signWechatpayNotify(keys, input("CLOSED")), receivedAt: now }, env, now);
    expect(closed).toMatchObject({ ok: true, notification: { state: "CLOSED", dedupeKey: "4200002345202609151234567891:CLOSED", paidAt: null } });
    const failed = verifyWechatpay({ ...signWechatpayNotify(keys, input("FAILED")), receivedAt: now }, env, now);
    expect(failed).toMatchObject({ ok: true, notification: { state: "FAILED", providerStatus: "PAYERROR" } });
  });

  it("keeps refund notifications as OTHER", () => {
    const refund = { mchid: keys.wechatpay.mchId, out_trade_no: "ORD1", transaction_id: "4200", refund_id: "5030", out_refund_no: "RF1", refund_status: "SUCCESS", amount: { total: 100, refund: 50, payer_total: 100, payer_refund: 50 } };
    const nonce = "abcdefabcdef";
    const envelope = {
      id: "EV-R1", create_time: "2026-09-15T16:20:00+08:00", resource_type: "encrypt-resource", event_type: "REFUND.SUCCESS", summary: "退款成功",
      resource: { original_type: "refund", algorithm: "AEAD_AES_256_GCM", ciphertext: encryptWechatResource(V_KEY, JSON.stringify(refund), nonce, "refund"), associated_data: "refund", nonce },
    };
    expect(verifyWechatpay({ ...signWechatpayEnvelope(keys, envelope), receivedAt: now }, env, now)).toMatchObject({ ok: true, notification: { state: "OTHER", dedupeKey: "refund:RF1:SUCCESS", orderNo: "ORD1" } });
  });
});

describe("wechatpay reply", () => {
  it("is 204 without body when handled, JSON FAIL otherwise", () => {
    expect(wechatpayAdapter.reply("handled")).toEqual({ status: 204, headers: {}, body: "" });
    const r = wechatpayAdapter.reply("rejected", "signature mismatch");
    expect([r.status, JSON.parse(r.body)]).toEqual([401, { code: "FAIL", message: "signature mismatch" }]);
    expect([wechatpayAdapter.reply("malformed").status, wechatpayAdapter.reply("retry").status]).toEqual([400, 503]);
  });
});
