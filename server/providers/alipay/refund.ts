import "server-only";
import type { Env } from "@/server/env";
import { minorToMajorString } from "@/lib/money";
import { formatBeijingTime } from "../shared/beijing-time";
import { isRecord, parseJsonObject } from "../shared/fields";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import { rawJsonMember } from "../shared/raw-json";
import { signRsaSha256, verifyRsaSha256 } from "../shared/rsa";
import type { RefundAdapter, RefundCall, RefundOutcome } from "../types";
import { buildAlipaySignContent } from "./sign-content";

// refunds.md §2.5: retry with the same out_request_no AND amount; everything else needs people.
const RETRY_SUB_CODES = new Set(["ACQ.SYSTEM_ERROR", "ACQ.REFUND_CHARGE_ERROR", "ACQ.SELLER_BALANCE_NOT_ENOUGH", "ACQ.REASON_TRADE_BEEN_FREEZEN", "ACQ.REFUNDALLOC_UNAUTH_LIMIT"]);

/** alipay.trade.refund (out_request_no = refundNo, always sent) and alipay.trade.fastpay.refund.query, RSA2. */
export const alipayRefunds: RefundAdapter = {
  async refund(call, env, signal) {
    if (call.currency !== "CNY") return { kind: "failed", providerStatus: "NOT_SENT", code: "currency", message: `alipay refunds in CNY here, not ${call.currency}`, raw: "" };
    const biz = { out_trade_no: call.orderNo, out_request_no: call.refundNo, refund_amount: minorToMajorString(call.amountMinor, "CNY"), refund_reason: call.reason.slice(0, 256) };
    return send(call, env, "alipay.trade.refund", "alipay_trade_refund_response", biz, signal);
  },
  async queryRefund(call, env, signal) {
    const biz = { out_trade_no: call.orderNo, out_request_no: call.refundNo };
    return send(call, env, "alipay.trade.fastpay.refund.query", "alipay_trade_fastpay_refund_query_response", biz, signal);
  },
};

export function buildAlipayForm(method: string, biz: Record<string, string>, env: Env, now: Date): URLSearchParams {
  const key = env.ALIPAY_APP_PRIVATE_KEY;
  if (!env.ALIPAY_APP_ID || !key) throw new ProviderQueryError("not_configured", "alipay not configured: ALIPAY_APP_ID/ALIPAY_APP_PRIVATE_KEY unset");
  const params: [string, string][] = [
    ["app_id", env.ALIPAY_APP_ID],
    ["method", method],
    ["format", "JSON"],
    ["charset", "utf-8"],
    ["sign_type", "RSA2"],
    ["timestamp", formatBeijingTime(now)],
    ["version", "1.0"],
    ["biz_content", JSON.stringify(biz)],
  ];
  return new URLSearchParams([...params, ["sign", signRsaSha256(key, buildAlipaySignContent(params, ["sign"]))]]);
}

async function send(call: RefundCall, env: Env, method: string, responseKey: string, biz: Record<string, string>, signal?: AbortSignal): Promise<RefundOutcome> {
  const publicKey = env.ALIPAY_PUBLIC_KEY;
  if (!publicKey) throw new ProviderQueryError("not_configured", "alipay not configured: ALIPAY_PUBLIC_KEY unset");
  const form = buildAlipayForm(method, biz, env, new Date());
  const res = await providerFetch(env.ALIPAY_GATEWAY_URL, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" }, body: form.toString() }, env, signal);
  if (res.status >= 500) return { kind: "retry", providerStatus: `HTTP ${res.status}`, code: "http_5xx", message: "gateway unavailable", raw: res.body };
  if (res.status !== 200) throw new ProviderQueryError("http_status", `alipay gateway answered HTTP ${res.status}`, res.status);
  const doc = parseJsonObject(res.body);
  const raw = rawJsonMember(res.body, responseKey);
  const response = doc?.[responseKey];
  if (!doc || raw === undefined || !isRecord(response)) throw new ProviderQueryError("unusable", `alipay answer has no ${responseKey}`);
  const code = String(response.code ?? "");
  const subCode = String(response.sub_code ?? "");
  // Gateway-level failures (20000 unknown, 40001/40002 params) may come unsigned: 20000 = outcome unknown.
  if (code === "20000") return { kind: "retry", providerStatus: code, code: subCode || code, message: String(response.msg ?? ""), raw: res.body };
  const sign = doc.sign;
  if (typeof sign !== "string" || !verifyRsaSha256(publicKey, raw, sign)) {
    if (code !== "10000" && code !== "40004") return { kind: "failed", providerStatus: code, code: subCode || code, message: String(response.msg ?? ""), raw: res.body };
    throw new ProviderQueryError("untrusted", "alipay refund answer signature mismatch");
  }
  if (code === "40004") {
    if (RETRY_SUB_CODES.has(subCode)) return { kind: "retry", providerStatus: subCode, code: subCode, message: String(response.sub_msg ?? ""), raw: res.body };
    return { kind: "failed", providerStatus: subCode, code: subCode, message: String(response.sub_msg ?? ""), raw: res.body };
  }
  if (code !== "10000") return { kind: "failed", providerStatus: code, code: subCode || code, message: String(response.msg ?? ""), raw: res.body };
  if (response.out_trade_no !== undefined && response.out_trade_no !== call.orderNo) throw new ProviderQueryError("wrong_order", `alipay answered for ${String(response.out_trade_no)}, asked ${call.orderNo}`);
  if (method === "alipay.trade.refund") {
    // code 10000 = handled, not necessarily moved: fund_change=Y is success, else confirm by query (§2.3).
    if (response.fund_change === "Y") return { kind: "succeeded", providerStatus: "fund_change=Y", providerRefundId: String(response.trade_no ?? call.refundNo), raw: res.body };
    return { kind: "processing", providerStatus: "fund_change=N", providerRefundId: String(response.trade_no ?? call.refundNo), raw: res.body };
  }
  // Query: REFUND_SUCCESS = done; absent = not received (yet): create again, same out_request_no (refunded once).
  if (response.refund_status === "REFUND_SUCCESS") {
    if (response.refund_amount !== undefined && response.refund_amount !== minorToMajorString(call.amountMinor, "CNY")) throw new ProviderQueryError("unusable", "alipay refund amount does not match");
    return { kind: "succeeded", providerStatus: "REFUND_SUCCESS", providerRefundId: String(response.trade_no ?? call.refundNo), raw: res.body };
  }
  return { kind: "retry", providerStatus: "NOT_FOUND", code: "refund_status_absent", message: "alipay has no successful refund for this out_request_no yet", raw: res.body };
}
