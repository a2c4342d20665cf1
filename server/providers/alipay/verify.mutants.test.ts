import { describe, expect, it } from "vitest";
import { alipayNotifyParams, applyProviderTestEnv, createProviderTestKeys, signAlipayParams, type PaymentEventInput } from "@/test/provider-signers";
import { parseAlipayForm, verifyAlipay } from "./verify";

const keys = createProviderTestKeys();
const env = applyProviderTestEnv(keys);
const now = new Date("2026-09-15T04:05:45Z");
const msg = (body: string) => ({ headers: { "content-type": "application/x-www-form-urlencoded" }, body, receivedAt: now });
const event = (state: PaymentEventInput["state"] = "PAID"): PaymentEventInput => ({
  orderNo: "ORD20260915000006",
  transactionId: "2026091522001446880000000006",
  amountMinor: 1999,
  currency: "CNY",
  state,
  eventId: "2026091500222103006046880500000006",
  at: new Date("2026-09-15T04:05:41Z"),
});
const params = (over: Record<string, string | undefined> = {}, state: PaymentEventInput["state"] = "PAID") => {
  const p: Record<string, string | undefined> = { ...alipayNotifyParams(keys, event(state), { now }), ...over };
  return Object.fromEntries(Object.entries(p).filter((e): e is [string, string] => e[1] !== undefined));
};
const signed = (over: Record<string, string | undefined> = {}, state: PaymentEventInput["state"] = "PAID") => signAlipayParams(keys, params(over, state));

describe("verifyAlipay refusals", () => {
  it("refuses while ALIPAY_APP_ID is unset", () => {
    expect(verifyAlipay(msg(signed()), { ...env, ALIPAY_APP_ID: undefined }, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "provider not configured: ALIPAY_APP_ID unset",
      coded: { code: "callback.provider_not_configured", params: { setting: "ALIPAY_APP_ID" } },
    });
  });

  it("calls a blank body malformed", () => {
    expect(verifyAlipay(msg("  \r\n"), env, now)).toStrictEqual({
      ok: false,
      kind: "malformed",
      reason: "empty body",
      coded: { code: "callback.malformed", params: { detail: "empty body" } },
    });
  });

  it("parseAlipayForm returns the params, or the reason the form is malformed", () => {
    expect(parseAlipayForm("a=1&a=2")).toBe("duplicate parameter a");
    expect(parseAlipayForm("a=1&b=%E6%B4%97")).toEqual(new Map([["a", "1"], ["b", "洗"]]));
  });

  it("refuses an unsupported or missing sign_type", () => {
    const long = signAlipayParams(keys, params(), { signType: "HMAC-SHA256-WITH-A-RATHER-LONG-NAME" });
    expect(verifyAlipay(msg(long), env, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "unsupported sign_type HMAC-SHA256-WITH-A-RATHER-LONG-N",
      coded: { code: "callback.sign_type_not_allowed", params: { signType: "HMAC-SHA256-WITH-A-RATHER-LONG-N" } },
    });
    const noType = signed().replace("&sign_type=RSA2", "");
    expect(noType).not.toContain("sign_type");
    expect(verifyAlipay(msg(noType), env, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "missing sign_type",
      coded: { code: "callback.missing_header", params: { header: "sign_type" } },
    });
    expect(verifyAlipay(msg(signAlipayParams(keys, params(), { signType: "RSA" })), env, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "sign_type RSA (SHA1) not allowed; RSA2 required",
      coded: { code: "callback.sign_type_not_allowed", params: { signType: "RSA" } },
    });
  });

  it("a bad signature without an escaped fund_bill_list gets no hint", () => {
    const body = signed({ fund_bill_list: undefined }).replace("total_amount=19.99", "total_amount=1.99");
    expect(verifyAlipay(msg(body), env, now)).toStrictEqual({ ok: false, kind: "rejected", reason: "signature mismatch", coded: { code: "callback.signature_mismatch" } });
  });

  it("refuses another app_id (truncated to 32 characters) or none", () => {
    expect(verifyAlipay(msg(signed({ app_id: "2021000000000002" })), env, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "app_id 2021000000000002 does not match ALIPAY_APP_ID",
      coded: { code: "callback.merchant_mismatch", params: { field: "app_id", value: "2021000000000002" } },
    });
    expect(verifyAlipay(msg(signed({ app_id: "2021000000000001-and-then-some-more-text" })), env, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "app_id 2021000000000001-and-then-some-m does not match ALIPAY_APP_ID",
      coded: { code: "callback.merchant_mismatch", params: { field: "app_id", value: "2021000000000001-and-then-some-m" } },
    });
    expect(verifyAlipay(msg(signed({ app_id: undefined })), env, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "app_id (missing) does not match ALIPAY_APP_ID",
      coded: { code: "callback.merchant_mismatch", params: { field: "app_id", value: "—" } },
    });
  });

  it("names another seller truncated to 32 characters", () => {
    expect(verifyAlipay(msg(signed({ seller_id: "2088101106499365-a-partner-of-the-same-app" })), { ...env, ALIPAY_SELLER_ID: "2088101106499364" }, now)).toStrictEqual({
      ok: false,
      kind: "rejected",
      reason: "seller_id mismatch",
      coded: { code: "callback.merchant_mismatch", params: { field: "seller_id", value: "2088101106499365-a-partner-of-th" } },
    });
  });

  it("calls a signed notify without notify_id, or with an unusable amount, malformed", () => {
    expect(verifyAlipay(msg(signed({ notify_id: undefined })), env, now)).toStrictEqual({
      ok: false,
      kind: "malformed",
      reason: "notify_id missing",
      coded: { code: "callback.malformed", params: { detail: "notify_id missing" } },
    });
    expect(verifyAlipay(msg(signed({ total_amount: "19.999" })), env, now)).toStrictEqual({
      ok: false,
      kind: "malformed",
      reason: 'total_amount: "19.999" has more than 2 decimals for CNY',
      coded: { code: "callback.malformed", params: { detail: 'total_amount: "19.999" has more than 2 decimals for CNY' } },
    });
  });
});

describe("verifyAlipay accepted notifies", () => {
  it("a paid utf-8 notify: exact notification, no charset fact", () => {
    expect(verifyAlipay(msg(signed()), env, now)).toStrictEqual({
      ok: true,
      notification: {
        eventId: "2026091500222103006046880500000006",
        dedupeKey: "2026091522001446880000000006:PAID",
        orderNo: "ORD20260915000006",
        transactionId: "2026091522001446880000000006",
        state: "PAID",
        providerStatus: "TRADE_SUCCESS",
        amountMinor: 1999,
        currency: "CNY",
        eventAt: new Date("2026-09-15T04:05:41Z"),
        paidAt: new Date("2026-09-15T04:05:41Z"),
        facts: {
          total_amount: "19.99",
          buyer_id: "2088102177846880",
          seller_id: "2088101106499364",
          receipt_amount: "19.99",
          buyer_pay_amount: "19.99",
          notify_type: "trade_status_sync",
        },
      },
    });
  });

  it("a closed notify has no gmt_payment: its event time is notify_time", () => {
    const r = verifyAlipay(msg(signed({}, "CLOSED")), env, now);
    expect(r).toMatchObject({ ok: true, notification: { state: "CLOSED", eventAt: new Date("2026-09-15T04:05:45Z"), paidAt: null } });
  });

  it("a gbk notify records its charset", () => {
    const r = verifyAlipay(msg(signed({ charset: "gbk" })), env, now);
    expect(r).toMatchObject({ ok: true, notification: { facts: { charset: "gbk", total_amount: "19.99" } } });
  });
});
