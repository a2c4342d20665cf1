import "server-only";
import type { Env } from "@/server/env";
import { isRecord, parseJsonObject, str } from "../shared/fields";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import type { RefundAdapter, RefundCall, RefundOutcome } from "../types";
import { checkWechatpaySignature } from "./check-signature";
import { buildWechatpayAuthorization } from "./sign-request";

const REFUNDS_PATH = "/v3/refund/domestic/refunds";

// refunds.md §3.7: retry with the SAME out_refund_no; everything else needs people (fix or offline refund).
const RETRY_CODES = new Set(["SYSTEM_ERROR", "FREQUENCY_LIMITED", "BIZ_ERR_NEED_RETRY", "NOT_ENOUGH"]);

/** WeChat Pay APIv3 domestic refunds: POST …/refunds (out_refund_no = refundNo), GET …/refunds/{out_refund_no}. */
export const wechatpayRefunds: RefundAdapter = {
  async refund(call, env, signal) {
    // WeChat Pay refunds are CNY fen only (amount.currency = CNY).
    if (call.currency !== "CNY") return { kind: "failed", providerStatus: "NOT_SENT", code: "currency", message: `wechatpay refunds CNY only, not ${call.currency}`, raw: "" };
    const body = JSON.stringify({
      out_trade_no: call.orderNo,
      ...(call.transactionId ? { transaction_id: call.transactionId } : {}),
      out_refund_no: call.refundNo,
      reason: call.reason.slice(0, 80),
      amount: { refund: call.amountMinor, total: call.orderAmountMinor, currency: "CNY" },
    });
    return send(call, env, "POST", REFUNDS_PATH, body, signal);
  },
  async queryRefund(call, env, signal) {
    return send(call, env, "GET", `${REFUNDS_PATH}/${encodeURIComponent(call.refundNo)}`, "", signal);
  },
};

async function send(call: RefundCall, env: Env, method: "GET" | "POST", path: string, body: string, signal?: AbortSignal): Promise<RefundOutcome> {
  const url = new URL(path, env.WECHATPAY_API_BASE_URL);
  // Send exactly the bytes we signed.
  const authorization = buildWechatpayAuthorization({ method, pathWithQuery: url.pathname + url.search, body }, env, new Date());
  const headers: Record<string, string> = { authorization, accept: "application/json" };
  if (method === "POST") headers["content-type"] = "application/json";
  const res = await providerFetch(url.toString(), { method, headers, body: method === "POST" ? body : undefined }, env, signal);
  const sig = checkWechatpaySignature(res.headers, res.body, env, new Date());
  if (!sig.ok) {
    // A busy gateway may answer 5xx without a signature: unknown outcome, ask again with the same number.
    if (res.status >= 500) return { kind: "retry", providerStatus: `HTTP ${res.status}`, code: "SYSTEM_ERROR", message: "unsigned 5xx", raw: res.body };
    throw new ProviderQueryError("untrusted", `wechatpay refund answer not trusted: ${sig.reason}`);
  }
  const doc = parseJsonObject(res.body);
  if (!doc) throw new ProviderQueryError("unusable", "wechatpay refund answer is not a JSON object");
  if (res.status !== 200) {
    const code = str(doc, "code") ?? `HTTP_${res.status}`;
    const message = str(doc, "message") ?? "";
    if (method === "GET" && res.status === 404 && code === "RESOURCE_NOT_EXISTS") return { kind: "retry", providerStatus: "NOT_FOUND", code, message, raw: res.body };
    if (RETRY_CODES.has(code) || res.status >= 500) return { kind: "retry", providerStatus: code, code, message, raw: res.body };
    return { kind: "failed", providerStatus: code, code, message, raw: res.body };
  }
  if (str(doc, "out_refund_no") !== call.refundNo) throw new ProviderQueryError("wrong_order", `wechatpay answered for refund ${str(doc, "out_refund_no") ?? "(none)"}, asked ${call.refundNo}`);
  const amount = doc.amount;
  if (!isRecord(amount) || amount.refund !== call.amountMinor) throw new ProviderQueryError("unusable", "wechatpay refund amount does not match");
  return wechatpayRefundOutcome(str(doc, "status") ?? "", str(doc, "refund_id") ?? null, res.body);
}

/** §3.4: SUCCESS done; PROCESSING ask again; CLOSED failed (a new attempt needs a new number); ABNORMAL needs ops, not final. */
export function wechatpayRefundOutcome(status: string, refundId: string | null, raw: string): RefundOutcome {
  if (status === "SUCCESS") return { kind: "succeeded", providerStatus: status, providerRefundId: refundId, raw };
  if (status === "PROCESSING") return { kind: "processing", providerStatus: status, providerRefundId: refundId, raw };
  if (status === "CLOSED") return { kind: "failed", providerStatus: status, code: "CLOSED", message: "refund closed by WeChat Pay", raw };
  if (status === "ABNORMAL") return { kind: "retry", providerStatus: status, code: "ABNORMAL", message: "user's card or account abnormal: fix in the merchant platform", raw };
  throw new ProviderQueryError("unusable", `wechatpay refund status ${status || "(none)"}`);
}
