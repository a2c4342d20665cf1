import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { alipayNotifyParams, applyProviderTestEnv, createProviderTestKeys, signAlipayNotify, signAlipayParams } from "@/test/provider-signers";
import { signRsaSha256 } from "../shared/rsa";
import { alipayAdapter } from "./index";
import { buildAlipaySignContent } from "./sign-content";
import { parseAlipayForm, verifyAlipay } from "./verify";

const keys = createProviderTestKeys();
const env = applyProviderTestEnv(keys);
const now = new Date("2026-09-15T02:30:10Z");
const msg = (body: string) => ({ headers: { "content-type": "application/x-www-form-urlencoded" }, body, receivedAt: now });

describe("alipay string-to-sign", () => {
  it("matches the official example of providers.md §2.2/§2.3", () => {
    // The example as documented (values already decoded), one k=v per `&`.
    const example =
      "total_amount=2.00&buyer_id=2088102116773037&body=大乐透2.1&trade_no=2016071921001003030200089909&refund_fee=0.00" +
      "&notify_time=2016-07-19 14:10:49&subject=大乐透2.1&sign_type=RSA2&charset=utf-8&notify_type=trade_status_sync" +
      "&out_trade_no=0719141034-6418&gmt_close=2016-07-19 14:10:46&gmt_payment=2016-07-19 14:10:47&trade_status=TRADE_SUCCESS" +
      "&version=1.0&sign=kPbQIjX+xQc8F0/A6/AocELIjhhZnGbcBN6G4MM/HmfWL4ZiHM6fWl5NQhzXJusaklZ1LFuMo+lHQUELAYeugH8LYFvxnNajOvZhuxNFbN2LhF0l/KL8ANtj8oyPM4NN7Qft2kWJTDJUpQOzCzNnV9hDxh5AaT9FPqRS6ZKxnzM=" +
      "&gmt_create=2016-07-19 14:10:44&app_id=2015102700040153&seller_id=2088102119685838&notify_id=4a91b7a78a503640467525113fb7d8bg8e";
    const documented =
      "app_id=2015102700040153&body=大乐透2.1&buyer_id=2088102116773037&charset=utf-8&gmt_close=2016-07-19 14:10:46&gmt_payment=2016-07-19 14:10:47&notify_id=4a91b7a78a503640467525113fb7d8bg8e&notify_time=2016-07-19 14:10:49&notify_type=trade_status_sync&out_trade_no=0719141034-6418&refund_fee=0.00&seller_id=2088102119685838&subject=大乐透2.1&total_amount=2.00&trade_no=2016071921001003030200089909&trade_status=TRADE_SUCCESS&version=1.0";
    const params = example.split("&").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)] as const);
    // Erratum in Alipay's own doc: the example lists gmt_create, its string-to-sign leaves it out. We sign
    // every received parameter, so compare without it, then check where it lands when present.
    expect(buildAlipaySignContent(params.filter(([k]) => k !== "gmt_create"))).toBe(documented);
    expect(buildAlipaySignContent(params)).toBe(documented.replace("&gmt_payment=", "&gmt_create=2016-07-19 14:10:44&gmt_payment="));
    // Same string after a real form-encoding round trip (`+` in sign and spaces survive exactly one decode).
    const body = new URLSearchParams(params.map(([k, v]) => [k, v])).toString();
    const parsed = parseAlipayForm(body);
    expect(parsed).toBeInstanceOf(Map);
    expect((parsed as Map<string, string>).get("sign")).toBe(params.find(([k]) => k === "sign")![1]);
    expect(buildAlipaySignContent(parsed as Map<string, string>)).toBe(buildAlipaySignContent(params));
  });
});

describe("alipay notify verification (§7.1)", () => {
  const raw71 =
    "gmt_create=2026-09-15+10%3A29%3A58&charset=utf-8&gmt_payment=2026-09-15+10%3A30%3A05&notify_time=2026-09-15+10%3A30%3A06&subject=%E6%B4%97%E8%A1%A3%E8%AE%A2%E5%8D%95&sign=<base64>&buyer_id=2088102177846880&invoice_amount=19.99&version=1.0&notify_id=2026091500222103006046880512345678&fund_bill_list=%5B%7B%22amount%22%3A%2219.99%22%2C%22fundChannel%22%3A%22ALIPAYACCOUNT%22%7D%5D&notify_type=trade_status_sync&out_trade_no=ORD20260915000001&total_amount=19.99&trade_status=TRADE_SUCCESS&trade_no=2026091522001446880501234567&auth_app_id=2021000000000001&receipt_amount=19.99&point_amount=0.00&buyer_pay_amount=19.99&app_id=2021000000000001&sign_type=RSA2&seller_id=2088101106499364";
  const documented71 =
    'app_id=2021000000000001&auth_app_id=2021000000000001&buyer_id=2088102177846880&buyer_pay_amount=19.99&charset=utf-8&fund_bill_list=[{"amount":"19.99","fundChannel":"ALIPAYACCOUNT"}]&gmt_create=2026-09-15 10:29:58&gmt_payment=2026-09-15 10:30:05&invoice_amount=19.99&notify_id=2026091500222103006046880512345678&notify_time=2026-09-15 10:30:06&notify_type=trade_status_sync&out_trade_no=ORD20260915000001&point_amount=0.00&receipt_amount=19.99&seller_id=2088101106499364&subject=洗衣订单&total_amount=19.99&trade_no=2026091522001446880501234567&trade_status=TRADE_SUCCESS&version=1.0';
  const signedBody = (body: string, privateKey = keys.alipay.platform.privateKey) => {
    const content = buildAlipaySignContent(parseAlipayForm(body.replace("sign=<base64>&", "")) as Map<string, string>);
    return body.replace("<base64>", encodeURIComponent(signRsaSha256(privateKey, content)));
  };

  it("builds the documented string and accepts a correct RSA2 signature", () => {
    expect(buildAlipaySignContent(parseAlipayForm(raw71) as Map<string, string>)).toBe(documented71);
    const r = verifyAlipay(msg(signedBody(raw71)), env, now);
    expect(r).toEqual({
      ok: true,
      notification: expect.objectContaining({
        eventId: "2026091500222103006046880512345678",
        dedupeKey: "2026091522001446880501234567:PAID",
        orderNo: "ORD20260915000001",
        transactionId: "2026091522001446880501234567",
        state: "PAID",
        providerStatus: "TRADE_SUCCESS",
        amountMinor: 1999,
        currency: "CNY",
        // 10:30:05 Beijing = 02:30:05 UTC
        eventAt: new Date("2026-09-15T02:30:05Z"),
        paidAt: new Date("2026-09-15T02:30:05Z"),
      }),
    });
  });

  it("rejects a tampered amount", () => {
    const body = signedBody(raw71).replace("total_amount=19.99", "total_amount=1.99");
    expect(verifyAlipay(msg(body), env, now)).toEqual({ ok: false, kind: "rejected", reason: "signature mismatch", coded: { code: "callback.signature_mismatch" } });
  });

  it("rejects a signature made with another key", () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    expect(verifyAlipay(msg(signedBody(raw71, other.export({ type: "pkcs8", format: "pem" }) as string)), env, now)).toMatchObject({ kind: "rejected", reason: "signature mismatch" });
  });

  it("rejects a correctly signed notify for another app_id", () => {
    const body = signedBody(raw71.replace(/app_id=2021000000000001/g, "app_id=2021000000009999"));
    expect(verifyAlipay(msg(body), env, now)).toEqual({ ok: false, kind: "rejected", reason: "app_id 2021000000009999 does not match ALIPAY_APP_ID",
      coded: { code: "callback.merchant_mismatch", params: { field: "app_id", value: "2021000000009999" } },
    });
  });

  it("rejects an HTML-escaped fund_bill_list and says why", () => {
    const escaped = signedBody(raw71).replace(/fund_bill_list=[^&]+/, `fund_bill_list=${encodeURIComponent('[{&quot;amount&quot;:&quot;19.99&quot;,&quot;fundChannel&quot;:&quot;ALIPAYACCOUNT&quot;}]')}`);
    expect(verifyAlipay(msg(escaped), env, now)).toEqual({ ok: false, kind: "rejected", reason: "signature mismatch (fund_bill_list is HTML-escaped)", coded: { code: "callback.signature_mismatch" } });
  });

  it("rejects a notify without sign", () => {
    expect(verifyAlipay(msg(raw71.replace("sign=<base64>&", "")), env, now)).toEqual({ ok: false, kind: "rejected", reason: "missing sign", coded: { code: "callback.missing_header", params: { header: "sign" } } });
  });

  it("rejects sign_type RSA (SHA1) even with a valid SHA1 signature", () => {
    const params = Object.fromEntries(parseAlipayForm(raw71.replace("sign=<base64>&", "").replace("&sign_type=RSA2", "")) as Map<string, string>);
    const body = signAlipayParams(keys, params, { signType: "RSA" });
    expect(verifyAlipay(msg(body), env, now)).toMatchObject({ ok: false, kind: "rejected", reason: expect.stringContaining("sign_type RSA (SHA1) not allowed") });
  });

  it("rejects everything while the Alipay public key is unset, and says so", () => {
    expect(verifyAlipay(msg(signedBody(raw71)), { ...env, ALIPAY_PUBLIC_KEY: undefined }, now)).toEqual({
      ok: false,
      kind: "rejected",
      reason: "provider not configured: ALIPAY_PUBLIC_KEY unset",
      coded: { code: "callback.provider_not_configured", params: { setting: "ALIPAY_PUBLIC_KEY" } },
    });
  });

  it("calls an unparseable amount or time malformed, after the signature checked out", () => {
    const badAmount = signAlipayParams(keys, { ...alipayNotifyParams(keys, sample()), total_amount: "19.999" });
    expect(verifyAlipay(msg(badAmount), env, now)).toMatchObject({ ok: false, kind: "malformed", reason: expect.stringContaining("total_amount") });
    const badTime = signAlipayParams(keys, { ...alipayNotifyParams(keys, sample()), gmt_payment: "2015-14-27 15:45:58" });
    expect(verifyAlipay(msg(badTime), env, now)).toMatchObject({ ok: false, kind: "malformed", reason: expect.stringContaining("gmt_payment") });
    expect(verifyAlipay(msg(""), env, now)).toMatchObject({ ok: false, kind: "malformed" });
    expect(verifyAlipay(msg("a=1&a=2&sign=x"), env, now)).toMatchObject({ ok: false, kind: "malformed", reason: "duplicate parameter a" });
  });

  it("maps closed and waiting trades, and the test signer round-trips", () => {
    const closed = verifyAlipay(msg(signAlipayNotify(keys, { ...sample(), state: "CLOSED" }).body), env, now);
    expect(closed).toMatchObject({ ok: true, notification: { state: "CLOSED", dedupeKey: "2026091522001446880501234599:CLOSED", paidAt: null } });
    const waiting = verifyAlipay(msg(signAlipayNotify(keys, { ...sample(), state: "PENDING" }).body), env, now);
    expect(waiting).toMatchObject({ ok: true, notification: { state: "PENDING", providerStatus: "WAIT_BUYER_PAY" } });
    const finished = signAlipayParams(keys, { ...alipayNotifyParams(keys, sample()), trade_status: "TRADE_FINISHED" });
    expect(verifyAlipay(msg(finished), env, now)).toMatchObject({ ok: true, notification: { state: "PAID", dedupeKey: "2026091522001446880501234599:PAID" } });
  });

  it("never throws on garbage", () => {
    for (const body of ["%", "sign=%%%", "sign=abc&sign_type=RSA2", "\u0000\uffff", "sign=" + "A".repeat(5000) + "&sign_type=RSA2"]) {
      expect(() => verifyAlipay(msg(body), env, now)).not.toThrow();
    }
  });
});

describe("alipay seller_id", () => {
  const body = signAlipayNotify(keys, sample()).body;

  it("accepts our seller when ALIPAY_SELLER_ID is configured, and any seller when it is not", () => {
    expect(verifyAlipay(msg(body), { ...env, ALIPAY_SELLER_ID: "2088101106499364" }, now)).toMatchObject({ ok: true, notification: { facts: { seller_id: "2088101106499364" } } });
    expect(verifyAlipay(msg(body), { ...env, ALIPAY_SELLER_ID: undefined }, now)).toMatchObject({ ok: true });
  });

  it("rejects a correctly signed notify for another seller, or one without seller_id", () => {
    expect(verifyAlipay(msg(body), { ...env, ALIPAY_SELLER_ID: "2088000000000001" }, now)).toEqual({
      ok: false,
      kind: "rejected",
      reason: "seller_id mismatch",
      coded: { code: "callback.merchant_mismatch", params: { field: "seller_id", value: "2088101106499364" } },
    });
    const { seller_id: _s, ...withoutSeller } = alipayNotifyParams(keys, sample());
    expect(verifyAlipay(msg(signAlipayParams(keys, withoutSeller)), { ...env, ALIPAY_SELLER_ID: "2088101106499364" }, now)).toEqual({
      ok: false,
      kind: "rejected",
      reason: "seller_id mismatch",
      coded: { code: "callback.merchant_mismatch", params: { field: "seller_id", value: "—" } },
    });
  });
});

describe("alipay reply", () => {
  it("says exactly `success` when handled and `failure` with a status otherwise", () => {
    expect(alipayAdapter.reply("handled")).toEqual({ status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: "success" });
    expect([alipayAdapter.reply("malformed"), alipayAdapter.reply("rejected"), alipayAdapter.reply("retry")].map((r) => [r.status, r.body])).toEqual([
      [400, "failure"],
      [401, "failure"],
      [503, "failure"],
    ]);
  });
});

function sample() {
  return {
    orderNo: "ORD20260915000009",
    transactionId: "2026091522001446880501234599",
    amountMinor: 1999,
    currency: "CNY",
    state: "PAID" as const,
    eventId: "2026091500222103006046880512349999",
    at: new Date("2026-09-15T02:30:05Z"),
  };
}


