import "server-only";
import type { Env } from "@/server/env";
import { checkTimestampedHmac } from "@/server/lib/timestamped-hmac";
import { parseJsonObject } from "../shared/fields";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import type { RefundAdapter, RefundCall, RefundOutcome } from "../types";
import { SANDBOX_SIGNATURE_HEADER, signSandboxPayload } from "./sign";
import { SANDBOX_TOLERANCE_SECONDS } from "./verify";

/** Our sandbox provider's refund API (issue 10; shared/reference/refunds.md §6.6). */
export const sandboxRefunds: RefundAdapter = {
  async refund(call, env, signal) {
    const body = JSON.stringify({ refundNo: call.refundNo, orderNo: call.orderNo, transactionId: call.transactionId, amountMinor: call.amountMinor, currency: call.currency, reason: call.reason });
    return send(call, env, "POST", "/refunds", body, signal);
  },
  async queryRefund(call, env, signal) {
    return send(call, env, "GET", `/refunds/${encodeURIComponent(call.refundNo)}`, "", signal);
  },
};

async function send(call: RefundCall, env: Env, method: "GET" | "POST", path: string, body: string, signal?: AbortSignal): Promise<RefundOutcome> {
  const base = env.SANDBOX_API_BASE_URL.replace(/\/+$/, "");
  const headers: Record<string, string> = { accept: "application/json", [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(env.SANDBOX_WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)) };
  if (method === "POST") headers["content-type"] = "application/json";
  const res = await providerFetch(`${base}${path}`, { method, headers, body: method === "POST" ? body : undefined }, env, signal);
  if (res.status === 429 || res.status >= 500) return { kind: "retry", providerStatus: `HTTP ${res.status}`, code: `http_${res.status}`, message: res.body.slice(0, 200), raw: res.body };
  // Every answer is signed: anything else on that port must not be able to say "refunded" or "refused".
  const check = checkTimestampedHmac({ header: res.headers[SANDBOX_SIGNATURE_HEADER], headerName: SANDBOX_SIGNATURE_HEADER, body: res.body, secret: env.SANDBOX_WEBHOOK_SECRET, now: new Date(), toleranceSeconds: SANDBOX_TOLERANCE_SECONDS });
  if (!check.ok) throw new ProviderQueryError("untrusted", `sandbox refund answer not trusted: ${check.reason}`);
  const doc = parseJsonObject(res.body);
  if (res.status !== 200) {
    const code = typeof doc?.error === "string" ? doc.error : `http_${res.status}`;
    // 404 on a query: the refund never reached the sandbox (lost request): creating it again is safe.
    if (res.status === 404 && method === "GET") return { kind: "retry", providerStatus: "NOT_FOUND", code, message: "refund unknown to the sandbox", raw: res.body };
    // 400 bad request, 401 signature, 409 same refundNo with other amount: fixing needs people, never a loop.
    return { kind: "failed", providerStatus: `HTTP ${res.status}`, code, message: `sandbox refused the refund (${code})`, raw: res.body };
  }
  if (!doc || doc.refundNo !== call.refundNo) throw new ProviderQueryError("wrong_order", `sandbox answered for refund ${String(doc?.refundNo)}, asked ${call.refundNo}`);
  if (doc.amountMinor !== call.amountMinor) throw new ProviderQueryError("unusable", `sandbox refund amount ${String(doc.amountMinor)} ≠ ${call.amountMinor}`);
  if (doc.status === "SUCCESS") return { kind: "succeeded", providerStatus: "SUCCESS", providerRefundId: call.refundNo, raw: res.body };
  if (doc.status === "PROCESSING") return { kind: "processing", providerStatus: "PROCESSING", providerRefundId: call.refundNo, raw: res.body };
  if (doc.status === "FAILED") return { kind: "failed", providerStatus: "FAILED", code: "FAILED", message: "sandbox refund failed", raw: res.body };
  throw new ProviderQueryError("unusable", `sandbox refund status ${String(doc.status)}`);
}
