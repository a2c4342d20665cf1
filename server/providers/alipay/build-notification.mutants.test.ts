import { describe, expect, it } from "vitest";
import { malformedMessage } from "@/test/provider-errors";
import { alipayState, buildAlipayNotification } from "./build-notification";

const base = (over: Record<string, string | undefined> = {}): Map<string, string> => {
  const p: Record<string, string | undefined> = {
    out_trade_no: "ORD20260915000001",
    trade_no: "2026091522001446880000000001",
    trade_status: "TRADE_SUCCESS",
    total_amount: "88.00",
    gmt_payment: "2026-09-15 12:05:41",
    notify_time: "2026-09-15 12:05:43",
    ...over,
  };
  return new Map(Object.entries(p).filter((e): e is [string, string] => e[1] !== undefined));
};
const notify = { eventId: "nid-1", paidAtKey: "gmt_payment", fallbackEventAtKey: "notify_time" } as const;

describe("alipayState", () => {
  it("maps every trade_status, unknown ones to OTHER", () => {
    expect(alipayState("TRADE_SUCCESS")).toBe("PAID");
    expect(alipayState("TRADE_FINISHED")).toBe("PAID");
    expect(alipayState("TRADE_CLOSED")).toBe("CLOSED");
    expect(alipayState("WAIT_BUYER_PAY")).toBe("PENDING");
    expect(alipayState("TRADE_PENDING")).toBe("OTHER");
  });
});

describe("buildAlipayNotification", () => {
  it("a paid notify: amounts in fen, Beijing times in UTC, ids and dedupe key", () => {
    expect(buildAlipayNotification(base(), notify)).toStrictEqual({
      eventId: "nid-1",
      dedupeKey: "2026091522001446880000000001:PAID",
      orderNo: "ORD20260915000001",
      transactionId: "2026091522001446880000000001",
      state: "PAID",
      providerStatus: "TRADE_SUCCESS",
      amountMinor: 8800,
      currency: "CNY",
      eventAt: new Date("2026-09-15T04:05:41Z"),
      paidAt: new Date("2026-09-15T04:05:41Z"),
      facts: { total_amount: "88.00" },
    });
  });

  it("a closed trade without trade_no: keyed by order no, no paidAt even if gmt_payment is present", () => {
    const n = buildAlipayNotification(base({ trade_status: "TRADE_CLOSED", trade_no: undefined, total_amount: "0.01" }), notify);
    expect(n).toMatchObject({ dedupeKey: "ORD20260915000001:CLOSED", transactionId: null, state: "CLOSED", amountMinor: 1, eventAt: new Date("2026-09-15T04:05:41Z"), paidAt: null });
  });

  it("an unknown status is OTHER and never paid", () => {
    const n = buildAlipayNotification(base({ trade_status: "TRADE_SOMETHING" }), notify);
    expect(n).toMatchObject({ state: "OTHER", providerStatus: "TRADE_SOMETHING", dedupeKey: "2026091522001446880000000001:OTHER", paidAt: null });
  });

  it("an empty or absent pay time falls back to notify_time for eventAt", () => {
    const n = buildAlipayNotification(base({ trade_status: "WAIT_BUYER_PAY", trade_no: "", gmt_payment: "" }), notify);
    expect(n).toMatchObject({ state: "PENDING", transactionId: null, eventAt: new Date("2026-09-15T04:05:43Z"), paidAt: null });
    const q = buildAlipayNotification(base({ gmt_payment: undefined, send_pay_date: "2026-09-15 12:05:42" }), { eventId: null, paidAtKey: "send_pay_date" });
    expect(q).toMatchObject({ eventId: null, eventAt: new Date("2026-09-15T04:05:42Z"), paidAt: new Date("2026-09-15T04:05:42Z") });
    const none = buildAlipayNotification(base({ trade_status: "TRADE_CLOSED", gmt_payment: undefined }), { eventId: null, paidAtKey: "gmt_payment" });
    expect(none).toMatchObject({ eventAt: null, paidAt: null });
  });

  it("keeps the listed non-empty facts only", () => {
    const n = buildAlipayNotification(
      base({
        buyer_id: "2088102177846880",
        buyer_user_id: "2088102177846881",
        buyer_logon_id: "159****5620",
        seller_id: "2088101106499364",
        receipt_amount: "80.00",
        buyer_pay_amount: "80.00",
        refund_fee: "8.00",
        gmt_refund: "2026-09-15 12:10:00.123",
        out_biz_no: "RF20260915000001",
        notify_type: "trade_status_sync",
        subject: "not a fact",
        fund_bill_list: "[]",
      }),
      notify,
    );
    expect(n.facts).toStrictEqual({
      total_amount: "88.00",
      buyer_id: "2088102177846880",
      buyer_user_id: "2088102177846881",
      buyer_logon_id: "159****5620",
      seller_id: "2088101106499364",
      receipt_amount: "80.00",
      buyer_pay_amount: "80.00",
      refund_fee: "8.00",
      gmt_refund: "2026-09-15 12:10:00.123",
      out_biz_no: "RF20260915000001",
      notify_type: "trade_status_sync",
    });
    expect(buildAlipayNotification(base({ buyer_id: "", seller_id: "" }), notify).facts).toStrictEqual({ total_amount: "88.00" });
  });

  it("refuses missing fields, bad amounts and bad times with exact reasons", () => {
    expect(malformedMessage(() => buildAlipayNotification(base({ out_trade_no: undefined }), notify))).toBe("out_trade_no missing");
    expect(malformedMessage(() => buildAlipayNotification(base({ out_trade_no: "" }), notify))).toBe("out_trade_no missing");
    expect(malformedMessage(() => buildAlipayNotification(base({ trade_status: undefined }), notify))).toBe("trade_status missing");
    expect(malformedMessage(() => buildAlipayNotification(base({ total_amount: undefined }), notify))).toBe("total_amount missing");
    expect(malformedMessage(() => buildAlipayNotification(base({ total_amount: "" }), notify))).toBe('total_amount: not a decimal amount: ""');
    expect(malformedMessage(() => buildAlipayNotification(base({ total_amount: "88.001" }), notify))).toBe('total_amount: "88.001" has more than 2 decimals for CNY');
    expect(malformedMessage(() => buildAlipayNotification(base({ trade_no: undefined }), notify))).toBe("trade_no missing on a paid trade");
    expect(malformedMessage(() => buildAlipayNotification(base({ trade_status: "TRADE_FINISHED", trade_no: "" }), notify))).toBe("trade_no missing on a paid trade");
    expect(malformedMessage(() => buildAlipayNotification(base({ gmt_payment: "2026-09-15T12:05:41" }), notify))).toBe('gmt_payment "2026-09-15T12:05:41" is not yyyy-MM-dd HH:mm:ss');
    expect(malformedMessage(() => buildAlipayNotification(base({ notify_time: "2026-02-30 00:00:00" }), notify))).toBe('notify_time "2026-02-30 00:00:00" is not yyyy-MM-dd HH:mm:ss');
  });
});
