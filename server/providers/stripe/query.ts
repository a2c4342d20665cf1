import "server-only";
import type { Env } from "@/server/env";
import { isRecord, parseJsonObject, safeInt, str, type Json } from "../shared/fields";
import { providerFetch, ProviderQueryError } from "../shared/provider-fetch";
import { MalformedError } from "../shared/verify-result";
import type { OrderRef, QueryResult } from "../types";
import { buildFromPaymentIntent, stripeIntentState } from "./build-notification";

/**
 * Stripe answers over TLS with our secret key; its API responses carry no signature of their own.
 * latest_charge is expanded because a PaymentIntent has no "paid at" of its own: the charge's created is it.
 */
export async function queryStripe(order: OrderRef, env: Env, signal?: AbortSignal): Promise<QueryResult> {
  if (!env.STRIPE_SECRET_KEY) throw new ProviderQueryError("not_configured", "stripe not configured: STRIPE_SECRET_KEY unset");
  const headers = { authorization: `Bearer ${env.STRIPE_SECRET_KEY}`, accept: "application/json" };
  let url: URL;
  if (order.providerTransactionId) {
    url = new URL(`/v1/payment_intents/${encodeURIComponent(order.providerTransactionId)}`, env.STRIPE_API_BASE_URL);
    url.searchParams.append("expand[]", "latest_charge");
  } else {
    url = new URL("/v1/payment_intents/search", env.STRIPE_API_BASE_URL);
    // Search query language quotes with '…'; escape quotes so an order number cannot widen the query.
    url.searchParams.set("query", `metadata['order_no']:'${order.orderNo.replace(/['\\]/g, "\\$&")}'`);
    url.searchParams.append("expand[]", "data.latest_charge");
  }
  const res = await providerFetch(url.toString(), { method: "GET", headers }, env, signal);
  if (res.status === 404 && order.providerTransactionId) return { found: false, raw: res.body, reason: `payment_intent ${order.providerTransactionId} not found` };
  if (res.status !== 200) throw new ProviderQueryError("http_status", `stripe answered HTTP ${res.status}`, res.status);
  const doc = parseJsonObject(res.body);
  if (!doc) throw new ProviderQueryError("unusable", "stripe answer is not a JSON object");

  let pi: Json | undefined;
  if (order.providerTransactionId) {
    pi = doc;
  } else {
    const list = Array.isArray(doc.data) ? doc.data.filter(isRecord) : [];
    if (list.length === 0) return { found: false, raw: res.body, reason: `no payment_intent with metadata.order_no ${order.orderNo}` };
    pi = list.find((p) => p.status === "succeeded") ?? list[0];
  }
  if (!pi || str(pi, "object") !== "payment_intent") throw new ProviderQueryError("unusable", "stripe answer is not a payment_intent");
  const metaOrder = isRecord(pi.metadata) ? pi.metadata.order_no : undefined;
  if (metaOrder !== undefined && metaOrder !== order.orderNo) throw new ProviderQueryError("wrong_order", `stripe payment_intent belongs to order ${String(metaOrder)}, asked ${order.orderNo}`);
  const status = str(pi, "status") ?? "";
  const state = stripeIntentState(status);
  const charge = isRecord(pi.latest_charge) ? pi.latest_charge : undefined;
  const chargeCreated = charge ? safeInt(charge, "created") : undefined;
  const paidAt = chargeCreated !== undefined ? new Date(chargeCreated * 1000) : null;
  try {
    const notification = buildFromPaymentIntent(pi, state, { eventId: null, providerStatus: status, eventAt: paidAt, paidAt });
    // Metadata may be absent on intents made outside our checkout; we asked by order, so it is ours.
    return { found: true, notification: { ...notification, orderNo: notification.orderNo ?? order.orderNo }, raw: res.body };
  } catch (e) {
    if (e instanceof MalformedError) throw new ProviderQueryError("unusable", `stripe answer unusable: ${e.message}`);
    throw e;
  }
}
