import "server-only";
import type { Env } from "@/server/env";
import { isRecord, parseJsonObject, str, type Json } from "../shared/fields";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import type { RefundAdapter, RefundCall, RefundOutcome } from "../types";

/**
 * Stripe refunds: POST /v1/refunds with `Idempotency-Key: <refundNo>` (the same key replays the first answer,
 * ≥ 24 h) and metadata[refund_no]; asking again lists the PaymentIntent's refunds and matches the metadata,
 * since idempotency keys expire (refunds.md §6.1). Stripe answers over TLS with our secret key: no signature.
 */
export const stripeRefunds: RefundAdapter = {
  async refund(call, env, signal) {
    if (!call.transactionId) return { kind: "failed", providerStatus: "NOT_SENT", code: "no_payment_intent", message: "the order has no Stripe payment_intent", raw: "" };
    const form = new URLSearchParams({ payment_intent: call.transactionId, amount: String(call.amountMinor), "metadata[refund_no]": call.refundNo, "metadata[order_no]": call.orderNo, "metadata[reason]": call.reason });
    const res = await providerFetch(
      new URL("/v1/refunds", env.STRIPE_API_BASE_URL).toString(),
      { method: "POST", headers: { ...auth(env), "content-type": "application/x-www-form-urlencoded", "idempotency-key": call.refundNo }, body: form.toString() },
      env,
      signal,
    );
    const doc = parseJsonObject(res.body);
    if (res.status !== 200) return errorOutcome(res.status, doc, res.body);
    return refundObject(call, doc, res.body);
  },
  async queryRefund(call, env, signal) {
    if (!call.transactionId) return { kind: "failed", providerStatus: "NOT_SENT", code: "no_payment_intent", message: "the order has no Stripe payment_intent", raw: "" };
    const url = new URL("/v1/refunds", env.STRIPE_API_BASE_URL);
    url.searchParams.set("payment_intent", call.transactionId);
    url.searchParams.set("limit", "100");
    const res = await providerFetch(url.toString(), { method: "GET", headers: auth(env) }, env, signal);
    const doc = parseJsonObject(res.body);
    if (res.status !== 200) return errorOutcome(res.status, doc, res.body);
    const list = Array.isArray(doc?.data) ? doc.data.filter(isRecord) : [];
    const mine = list.find((r) => isRecord(r.metadata) && r.metadata.refund_no === call.refundNo);
    if (!mine) return { kind: "retry", providerStatus: "NOT_FOUND", code: "not_found", message: "no refund with this refund no yet", raw: res.body };
    return refundObject(call, mine, res.body);
  },
};

function auth(env: Env): Record<string, string> {
  if (!env.STRIPE_SECRET_KEY) throw new ProviderQueryError("not_configured", "stripe not configured: STRIPE_SECRET_KEY unset");
  return { authorization: `Bearer ${env.STRIPE_SECRET_KEY}`, accept: "application/json" };
}

/** Connection errors, 409 (idempotent request in flight), 429 and 5xx are retried with the same key (stripe-node). */
function errorOutcome(status: number, doc: Json | undefined, raw: string): RefundOutcome {
  const err = isRecord(doc?.error) ? doc.error : undefined;
  const code = (err && (str(err, "code") ?? str(err, "type"))) ?? `http_${status}`;
  const message = (err && str(err, "message")) ?? "";
  if (status === 409 || status === 429 || status >= 500) return { kind: "retry", providerStatus: `HTTP ${status}`, code, message, raw };
  return { kind: "failed", providerStatus: `HTTP ${status}`, code, message, raw };
}

function refundObject(call: RefundCall, r: Json | undefined, raw: string): RefundOutcome {
  if (!r || str(r, "object") !== "refund") throw new ProviderQueryError("unusable", "stripe answer is not a refund");
  if (r.amount !== call.amountMinor) throw new ProviderQueryError("unusable", "stripe refund amount does not match");
  const status = str(r, "status") ?? "";
  const id = str(r, "id") ?? null;
  if (status === "succeeded") return { kind: "succeeded", providerStatus: status, providerRefundId: id, raw };
  if (status === "pending" || status === "requires_action") return { kind: "processing", providerStatus: status, providerRefundId: id, raw };
  if (status === "failed" || status === "canceled") return { kind: "failed", providerStatus: status, code: str(r, "failure_reason") ?? status, message: `stripe refund ${status}`, raw };
  throw new ProviderQueryError("unusable", `stripe refund status ${status || "(none)"}`);
}
