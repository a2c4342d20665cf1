import { minorToMajorString, parseMajorToMinor } from "@/lib/money";
import { buildAlipaySignContent } from "@/server/providers/alipay/sign-content";
import { parsePublicKey, signRsaSha256, verifyRsaSha256 } from "@/server/providers/shared/rsa";
import { wechatpayResponseHeaders } from "../provider-signers";
import type { FakeContext, FakeReply } from "./types";

/** How a fake provider answers a NEW refund: a status (PROCESSING settles to SUCCESS after n asks) or an error. */
export type FakeRefundMode = { status: "SUCCESS" | "PROCESSING" | "FAILED"; settlesAfter?: number } | { error: string; http: number };

interface FakeRefund {
  id: string;
  refundNo: string;
  orderNo: string;
  transactionId: string | null;
  amountMinor: number;
  status: "SUCCESS" | "PROCESSING" | "FAILED";
  asksLeft: number;
}

/** Refunds one fake provider holds. The same refund number is one refund, as at every provider. */
export class FakeRefundStore {
  readonly byNo = new Map<string, FakeRefund>();
  mode: FakeRefundMode = { status: "SUCCESS" };
  private seq = 0;

  create(r: Omit<FakeRefund, "id" | "status" | "asksLeft">): FakeRefund | { error: string; http: number } {
    const existing = this.byNo.get(r.refundNo);
    if (existing) return existing.amountMinor === r.amountMinor && existing.orderNo === r.orderNo ? this.ask(existing) : { error: "DISCORDANT", http: 400 };
    if ("error" in this.mode) return this.mode;
    const created: FakeRefund = { ...r, id: `RFID${++this.seq}`, status: this.mode.status, asksLeft: this.mode.settlesAfter ?? 1 };
    this.byNo.set(r.refundNo, created);
    return created;
  }

  /** A query or repeat: PROCESSING counts down to SUCCESS. */
  ask(r: FakeRefund): FakeRefund {
    if (r.status === "PROCESSING" && --r.asksLeft <= 0) r.status = "SUCCESS";
    return r;
  }
}

const wechatStatus = (s: FakeRefund["status"]) => (s === "FAILED" ? "CLOSED" : s);

function wechatSigned(ctx: FakeContext, status: number, doc: unknown): FakeReply {
  const body = JSON.stringify(doc);
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...wechatpayResponseHeaders(ctx.keys, ctx.tamper ? `${body} ` : body) }, body };
}

function wechatRefund(r: FakeRefund, total: number) {
  return { refund_id: r.id, out_refund_no: r.refundNo, out_trade_no: r.orderNo, transaction_id: r.transactionId, channel: "ORIGINAL", user_received_account: "支付用户零钱", status: wechatStatus(r.status), create_time: "2026-11-26T10:00:00+08:00", amount: { total, refund: r.amountMinor, payer_total: total, payer_refund: r.amountMinor, currency: "CNY" } };
}

/** WeChat Pay refunds (the request signature is checked by handleWechatpayApi's `authorized` first: see index.ts). */
export function handleWechatpayRefunds(ctx: FakeContext, store: FakeRefundStore): FakeReply | undefined {
  if (ctx.url.pathname === "/v3/refund/domestic/refunds" && ctx.method === "POST") {
    const b = JSON.parse(ctx.body) as { out_trade_no: string; transaction_id?: string; out_refund_no: string; amount: { refund: number; total: number; currency: string } };
    const r = store.create({ refundNo: b.out_refund_no, orderNo: b.out_trade_no, transactionId: b.transaction_id ?? null, amountMinor: b.amount.refund });
    if ("error" in r) return wechatSigned(ctx, r.http, { code: r.error === "DISCORDANT" ? "INVALID_REQUEST" : r.error, message: "fake refund error" });
    return wechatSigned(ctx, 200, wechatRefund(r, b.amount.total));
  }
  const m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(ctx.url.pathname);
  if (m && ctx.method === "GET") {
    const r = store.byNo.get(decodeURIComponent(m[1]!));
    if (!r) return wechatSigned(ctx, 404, { code: "RESOURCE_NOT_EXISTS", message: "退款单不存在" });
    return wechatSigned(ctx, 200, wechatRefund(store.ask(r), r.amountMinor));
  }
  return undefined;
}

const stripeJson = (status: number, doc: unknown): FakeReply => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(doc) });
const stripeStatus = (s: FakeRefund["status"]) => (s === "SUCCESS" ? "succeeded" : s === "PROCESSING" ? "pending" : "failed");
const stripeRefund = (r: FakeRefund) => ({ id: `re_${r.id}`, object: "refund", amount: r.amountMinor, currency: "cny", payment_intent: r.transactionId, status: stripeStatus(r.status), metadata: { refund_no: r.refundNo, order_no: r.orderNo } });

/** Stripe refunds: Bearer key, Idempotency-Key replays the first answer (as Stripe does for 24 h). */
export function handleStripeRefunds(ctx: FakeContext, store: FakeRefundStore, idempotent: Map<string, FakeReply>): FakeReply | undefined {
  if (ctx.url.pathname !== "/v1/refunds") return undefined;
  if (ctx.headers.authorization !== `Bearer ${ctx.keys.stripe.secretKey}`) return stripeJson(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
  if (ctx.method === "GET") {
    const pi = ctx.url.searchParams.get("payment_intent");
    return stripeJson(200, { object: "list", data: [...store.byNo.values()].filter((r) => r.transactionId === pi).map((r) => stripeRefund(store.ask(r))), has_more: false });
  }
  const key = ctx.headers["idempotency-key"];
  if (key && idempotent.has(key)) return idempotent.get(key)!;
  const form = new URLSearchParams(ctx.body);
  const refundNo = form.get("metadata[refund_no]") ?? key ?? "";
  const r = store.create({ refundNo, orderNo: form.get("metadata[order_no]") ?? "", transactionId: form.get("payment_intent"), amountMinor: Number(form.get("amount")) });
  const reply = "error" in r ? stripeJson(r.http, { error: { type: "invalid_request_error", code: r.error, message: "fake refund error" } }) : stripeJson(200, stripeRefund(r));
  if (key && reply.status < 500) idempotent.set(key, reply);
  return reply;
}

function alipayAnswer(ctx: FakeContext, key: string, response: Record<string, unknown>): FakeReply {
  const text = JSON.stringify(response);
  const sign = signRsaSha256(ctx.keys.alipay.platform.privateKey, ctx.tamper ? text.replace(/"code"/, '"code" ') : text);
  return { status: 200, headers: { "content-type": "text/html;charset=utf-8" }, body: `{"${key}":${text},"sign":"${sign}"}` };
}

/** alipay.trade.refund and alipay.trade.fastpay.refund.query on the gateway, RSA2 request signature checked. */
export function handleAlipayRefunds(ctx: FakeContext, store: FakeRefundStore): FakeReply | undefined {
  const form = new URLSearchParams(ctx.method === "POST" ? ctx.body : ctx.url.search);
  const method = form.get("method");
  if (method !== "alipay.trade.refund" && method !== "alipay.trade.fastpay.refund.query") return undefined;
  const key = method === "alipay.trade.refund" ? "alipay_trade_refund_response" : "alipay_trade_fastpay_refund_query_response";
  const params = [...form].filter(([k]) => k !== "sign");
  if (form.get("app_id") !== ctx.keys.alipay.appId || !verifyRsaSha256(parsePublicKey(ctx.keys.alipay.app.publicKey)!, buildAlipaySignContent(params, ["sign"]), form.get("sign") ?? "")) {
    return { status: 200, headers: {}, body: `{"${key}":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-signature"}}` };
  }
  const biz = JSON.parse(form.get("biz_content") ?? "{}") as { out_trade_no: string; out_request_no: string; refund_amount?: string };
  if (method === "alipay.trade.fastpay.refund.query") {
    const r = store.byNo.get(biz.out_request_no);
    const settled = r ? store.ask(r) : undefined;
    return alipayAnswer(ctx, key, { code: "10000", msg: "Success", out_trade_no: biz.out_trade_no, out_request_no: biz.out_request_no, ...(settled?.status === "SUCCESS" ? { refund_status: "REFUND_SUCCESS", refund_amount: minorToMajorString(settled.amountMinor, "CNY") } : {}) });
  }
  const r = store.create({ refundNo: biz.out_request_no, orderNo: biz.out_trade_no, transactionId: null, amountMinor: parseMajorToMinor(biz.refund_amount ?? "0", "CNY") });
  if ("error" in r) return alipayAnswer(ctx, key, { code: "40004", msg: "Business Failed", sub_code: r.error === "DISCORDANT" ? "ACQ.DISCORDANT_REPEAT_REQUEST" : r.error, sub_msg: "fake refund error" });
  return alipayAnswer(ctx, key, { code: "10000", msg: "Success", out_trade_no: biz.out_trade_no, trade_no: `2026${r.id}`, fund_change: r.status === "SUCCESS" ? "Y" : "N", refund_fee: minorToMajorString(r.amountMinor, "CNY") });
}
