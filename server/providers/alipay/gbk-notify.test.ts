import { createSign } from "node:crypto";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { alipayNotifyParams, applyProviderTestEnv, createProviderTestKeys, signAlipayParams } from "@/test/provider-signers";
import { parseAlipayForm, verifyAlipay } from "./verify";

// Alipay notifies in the charset the merchant's app uses (utf-8, gbk, gb2312; providers.md §2.2) and signs
// the sorted k=v string encoded in that charset (§2.3 step 4). The form body carries the bytes percent-encoded.

const keys = createProviderTestKeys();
const env = applyProviderTestEnv(keys);
const now = new Date("2026-09-15T02:30:10Z");
const msg = (body: string) => ({ headers: { "content-type": "application/x-www-form-urlencoded; charset=GBK" }, body, receivedAt: now });

// Written out by hand, sorted by key, as Alipay builds it; 洗衣订单 in GBK is CF B4 D2 C2 B6 A9 B5 A5.
const CONTENT =
  "app_id=2021000000000001&auth_app_id=2021000000000001&buyer_id=2088102177846880&charset=gbk&gmt_create=2026-09-15 10:29:58" +
  "&gmt_payment=2026-09-15 10:30:05&notify_id=2026091500222103006046880599990001&notify_time=2026-09-15 10:30:06" +
  "&notify_type=trade_status_sync&out_trade_no=ORD20260915000077&seller_id=2088101106499364&subject=洗衣订单&total_amount=19.99" +
  "&trade_no=2026091522001446880501239999&trade_status=TRADE_SUCCESS&version=1.0";
const BODY_WITHOUT_SIGN =
  "gmt_create=2026-09-15+10%3A29%3A58&charset=gbk&gmt_payment=2026-09-15+10%3A30%3A05&notify_time=2026-09-15+10%3A30%3A06" +
  "&subject=%CF%B4%D2%C2%B6%A9%B5%A5&buyer_id=2088102177846880&version=1.0&notify_id=2026091500222103006046880599990001" +
  "&notify_type=trade_status_sync&out_trade_no=ORD20260915000077&total_amount=19.99&trade_status=TRADE_SUCCESS" +
  "&trade_no=2026091522001446880501239999&auth_app_id=2021000000000001&app_id=2021000000000001&sign_type=RSA2&seller_id=2088101106499364";
const rsa2 = (bytes: Buffer) => createSign("RSA-SHA256").update(bytes).sign(keys.alipay.platform.privateKey, "base64");
const withSign = (sign: string) => `${BODY_WITHOUT_SIGN}&sign=${encodeURIComponent(sign)}`;

describe("alipay GBK notifications", () => {
  it("verifies a notify signed over GBK bytes and decodes its Chinese subject", () => {
    expect(iconv.encode("洗衣订单", "gbk").toString("hex")).toBe("cfb4d2c2b6a9b5a5");
    const body = withSign(rsa2(iconv.encode(CONTENT, "gbk")));
    const r = verifyAlipay(msg(body), env, now);
    expect(r).toEqual({
      ok: true,
      notification: expect.objectContaining({
        orderNo: "ORD20260915000077",
        transactionId: "2026091522001446880501239999",
        state: "PAID",
        amountMinor: 1999,
        currency: "CNY",
        paidAt: new Date("2026-09-15T02:30:05Z"),
        facts: expect.objectContaining({ charset: "gbk" }),
      }),
    });
    expect((parseAlipayForm(body) as Map<string, string>).get("subject")).toBe("洗衣订单");
    // What a UTF-8-only parser sees instead, and why the charset matters.
    expect(new URLSearchParams(body).get("subject")).not.toBe("洗衣订单");
  });

  it("rejects a GBK notify whose signature covers the UTF-8 bytes of the same text", () => {
    expect(verifyAlipay(msg(withSign(rsa2(Buffer.from(CONTENT, "utf8")))), env, now)).toEqual({ ok: false, kind: "rejected", reason: "signature mismatch", coded: { code: "callback.signature_mismatch" } });
  });

  it("rejects a GBK notify whose subject was altered after signing", () => {
    const body = withSign(rsa2(iconv.encode(CONTENT, "gbk"))).replace("%CF%B4%D2%C2", "%CF%B4%D2%C3");
    expect(verifyAlipay(msg(body), env, now)).toMatchObject({ ok: false, kind: "rejected", reason: "signature mismatch" });
  });

  it.each(["gbk", "GBK", "gb2312", "gb18030", "utf-8"])("accepts charset=%s from the test signer", (charset) => {
    const params = { ...alipayNotifyParams(keys, { orderNo: "ORD20260915000078", transactionId: "2026091522001446880501239998", amountMinor: 880, currency: "CNY", state: "PAID", eventId: "N78", at: now }), charset, body: "衬衫 2 件，加急" };
    const body = signAlipayParams(keys, params);
    const r = verifyAlipay(msg(body), env, now);
    expect(r).toMatchObject({ ok: true, notification: { orderNo: "ORD20260915000078", amountMinor: 880 } });
    expect((parseAlipayForm(body) as Map<string, string>).get("body")).toBe("衬衫 2 件，加急");
  });

  it("keeps UTF-8 form encoding identical to URLSearchParams", () => {
    const params = { subject: "洗衣订单 x1", fund_bill_list: '[{"amount":"1.00"}]', charset: "utf-8", "a*b": "~!'()" };
    const body = signAlipayParams(keys, params);
    expect(body).toBe(new URLSearchParams({ ...params, sign_type: "RSA2", sign: new URLSearchParams(body).get("sign")! }).toString());
  });

  it("calls a GBK body with raw non-ASCII characters, or an unknown charset, malformed", () => {
    const raw = withSign(rsa2(iconv.encode(CONTENT, "gbk"))).replace("%CF%B4%D2%C2%B6%A9%B5%A5", "洗衣订单");
    expect(verifyAlipay(msg(raw), env, now)).toEqual({ ok: false, kind: "malformed", reason: "raw non-ASCII characters in a gbk form body (values must be percent-encoded)",
      coded: { code: "callback.malformed", params: { detail: "raw non-ASCII characters in a gbk form body (values must be percent-encoded)" } },
    });
    const big5 = withSign("x").replace("charset=gbk", "charset=big5");
    expect(verifyAlipay(msg(big5), env, now)).toEqual({ ok: false, kind: "malformed", reason: "unsupported charset big5", coded: { code: "callback.malformed", params: { detail: "unsupported charset big5" } } });
  });
});
