import { describe, expect, it } from "vitest";
import { malformedMessage } from "@/test/provider-errors";
import { buildWechatpayNotification, wechatpayState } from "./build-notification";

const tx = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  mchid: "1900000109",
  appid: "wxd678efh567hg6787",
  out_trade_no: "ORD20260915000002",
  transaction_id: "4200002345202609151234567891",
  trade_type: "JSAPI",
  trade_state: "SUCCESS",
  trade_state_desc: "支付成功",
  bank_type: "OTHERS",
  attach: "",
  success_time: "2026-09-15T12:05:41+08:00",
  payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
  amount: { total: 8800, payer_total: 8700, currency: "CNY", payer_currency: "CNY" },
  ...over,
});
const fallbackEventAt = new Date("2026-09-15T04:05:50Z");
const opts = { eventId: "EV-1", fallbackEventAt };
const build = (over: Record<string, unknown> = {}) => buildWechatpayNotification(tx(over), opts);

describe("wechatpayState", () => {
  it("maps every trade_state", () => {
    expect(["SUCCESS", "CLOSED", "REVOKED", "PAYERROR", "NOTPAY", "USERPAYING", "ACCEPT", "REFUND"].map(wechatpayState)).toEqual([
      "PAID",
      "CLOSED",
      "CLOSED",
      "FAILED",
      "PENDING",
      "PENDING",
      "PENDING",
      "OTHER",
    ]);
  });
});

describe("buildWechatpayNotification", () => {
  it("a paid transaction: fen, RFC 3339 time in UTC, ids and facts", () => {
    expect(build()).toStrictEqual({
      eventId: "EV-1",
      dedupeKey: "4200002345202609151234567891:PAID",
      orderNo: "ORD20260915000002",
      transactionId: "4200002345202609151234567891",
      state: "PAID",
      providerStatus: "SUCCESS",
      amountMinor: 8800,
      currency: "CNY",
      eventAt: new Date("2026-09-15T04:05:41Z"),
      paidAt: new Date("2026-09-15T04:05:41Z"),
      facts: {
        trade_type: "JSAPI",
        trade_state_desc: "支付成功",
        bank_type: "OTHERS",
        appid: "wxd678efh567hg6787",
        payer_openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
        payer_total: 8700,
      },
    });
  });

  it("a closed transaction without amount, payer or transaction id: nulls, fallback eventAt, no facts", () => {
    const n = buildWechatpayNotification(
      { out_trade_no: "ORD20260915000003", trade_state: "CLOSED", success_time: "2026-09-15T12:05:41+08:00" },
      { eventId: null, fallbackEventAt },
    );
    expect(n).toStrictEqual({
      eventId: null,
      dedupeKey: "ORD20260915000003:CLOSED",
      orderNo: "ORD20260915000003",
      transactionId: null,
      state: "CLOSED",
      providerStatus: "CLOSED",
      amountMinor: null,
      currency: null,
      eventAt: new Date("2026-09-15T04:05:41Z"),
      paidAt: null,
      facts: {},
    });
    expect(buildWechatpayNotification({ out_trade_no: "O1", trade_state: "NOTPAY" }, { eventId: null, fallbackEventAt })).toMatchObject({ state: "PENDING", eventAt: fallbackEventAt, paidAt: null });
  });

  it("currency: upper-cased, CNY when absent; payer_total only when an integer", () => {
    expect(build({ amount: { total: 1999, currency: "usd" } })).toMatchObject({ amountMinor: 1999, currency: "USD" });
    const n = build({ amount: { total: 1999 }, payer: {} });
    expect(n.currency).toBe("CNY");
    expect(n.facts).toStrictEqual({ trade_type: "JSAPI", trade_state_desc: "支付成功", bank_type: "OTHERS", appid: "wxd678efh567hg6787" });
    expect(build({ amount: { total: 1999, payer_total: "1999" } }).facts).not.toHaveProperty("payer_total");
  });

  it("refuses missing fields, bad amounts and bad times with exact reasons", () => {
    expect(malformedMessage(() => build({ out_trade_no: undefined }))).toBe("out_trade_no missing");
    expect(malformedMessage(() => build({ trade_state: "" }))).toBe("trade_state missing");
    expect(malformedMessage(() => build({ amount: { total: "8800" } }))).toBe("amount.total is not an integer number of fen");
    expect(malformedMessage(() => build({ amount: { total: 88.5 } }))).toBe("amount.total is not an integer number of fen");
    expect(malformedMessage(() => build({ amount: { total: 8800, currency: "RMB" } }))).toBe('amount.currency "RMB" is not ISO-4217');
    expect(malformedMessage(() => build({ transaction_id: undefined }))).toBe("paid transaction without transaction_id or amount");
    expect(malformedMessage(() => build({ amount: undefined }))).toBe("paid transaction without transaction_id or amount");
    expect(malformedMessage(() => build({ success_time: undefined }))).toBe("success_time missing on a paid transaction");
    expect(malformedMessage(() => build({ success_time: "2026-09-15 12:05:41" }))).toBe('success_time "2026-09-15 12:05:41" is not RFC 3339');
    expect(malformedMessage(() => build({ success_time: "2026-09-15T12:05:41 Beijing time, as the console shows it" }))).toBe(
      'success_time "2026-09-15T12:05:41 Beijing time, as the" is not RFC 3339',
    );
  });
});
