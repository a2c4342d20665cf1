import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getEnv, type Env } from "@/server/env";
import { stubFetch, type SeenRequest } from "@/test/fetch-stub";
import { queryFailure } from "@/test/provider-errors";
import type { RefundCall } from "../types";
import { stripeRefunds } from "./refund";

// Stripe refunds against a `fetch` standing in for api.stripe.com (TLS + secret key, answers unsigned).

const BASE = "http://stripe.test";
const SECRET = "sk_test_refund_mutants_0123456789";
let env: Env;
let sent: SeenRequest[];
let reply: { status: number; body: string };

beforeEach(() => {
  env = { ...getEnv(), STRIPE_API_BASE_URL: BASE, STRIPE_SECRET_KEY: SECRET };
  reply = { status: 200, body: "{}" };
  sent = stubFetch(() => new Response(reply.body, { status: reply.status, headers: { "content-type": "application/json" } }));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const call = (over: Partial<RefundCall> = {}): RefundCall => ({
  refundNo: "RF20261126ST0001",
  orderNo: "ORD20261126ST01",
  transactionId: "pi_3Mabc",
  amountMinor: 1_230,
  currency: "USD",
  orderAmountMinor: 5_000,
  reason: "charged_twice",
  ...over,
});

const refund = (over: Record<string, unknown> = {}) => ({ id: "re_1", object: "refund", amount: 1_230, currency: "usd", payment_intent: "pi_3Mabc", status: "succeeded", metadata: { refund_no: "RF20261126ST0001" }, ...over });

describe("stripe refund requests", () => {
  it("without a payment_intent nothing is sent (refund and query)", async () => {
    const notSent = { kind: "failed", providerStatus: "NOT_SENT", code: "no_payment_intent", message: "the order has no Stripe payment_intent", raw: "" };
    expect(await stripeRefunds.refund(call({ transactionId: null }), env)).toEqual(notSent);
    expect(await stripeRefunds.queryRefund(call({ transactionId: "" }), env)).toEqual(notSent);
    expect(sent).toHaveLength(0);
  });

  it("POSTs /v1/refunds with the refund no as idempotency key and metadata", async () => {
    reply = { status: 200, body: JSON.stringify(refund()) };
    expect(await stripeRefunds.refund(call(), env)).toEqual({ kind: "succeeded", providerStatus: "succeeded", providerRefundId: "re_1", raw: reply.body });
    const s = sent[0]!;
    expect(s.url).toBe(`${BASE}/v1/refunds`);
    expect(s.method).toBe("POST");
    expect(s.headers).toEqual({ authorization: `Bearer ${SECRET}`, accept: "application/json", "content-type": "application/x-www-form-urlencoded", "idempotency-key": "RF20261126ST0001" });
    expect([...new URLSearchParams(s.body)]).toEqual([
      ["payment_intent", "pi_3Mabc"],
      ["amount", "1230"],
      ["metadata[refund_no]", "RF20261126ST0001"],
      ["metadata[order_no]", "ORD20261126ST01"],
      ["metadata[reason]", "charged_twice"],
    ]);
  });

  it("asks again by listing the intent's refunds (limit 100) with the key", async () => {
    reply = { status: 200, body: JSON.stringify({ object: "list", data: [refund()] }) };
    expect(await stripeRefunds.queryRefund(call(), env)).toEqual({ kind: "succeeded", providerStatus: "succeeded", providerRefundId: "re_1", raw: reply.body });
    const s = sent[0]!;
    const url = new URL(s.url);
    expect(url.origin + url.pathname).toBe(`${BASE}/v1/refunds`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ payment_intent: "pi_3Mabc", limit: "100" });
    expect(s.method).toBe("GET");
    expect(s.headers).toEqual({ authorization: `Bearer ${SECRET}`, accept: "application/json" });
  });

  it("is not configured without a secret key", async () => {
    for (const p of [stripeRefunds.refund(call(), { ...env, STRIPE_SECRET_KEY: undefined }), stripeRefunds.queryRefund(call(), { ...env, STRIPE_SECRET_KEY: undefined })]) {
      const e = await queryFailure(p);
      expect([e.failure, e.message]).toEqual(["not_configured", "stripe not configured: STRIPE_SECRET_KEY unset"]);
    }
    expect(sent).toHaveLength(0);
  });
});

describe("stripe refund errors", () => {
  it.each([409, 429, 500, 503])("HTTP %i is retried with the same key", async (status) => {
    reply = { status, body: JSON.stringify({ error: { type: "api_error", code: "lock_timeout", message: "busy" } }) };
    expect(await stripeRefunds.refund(call(), env)).toEqual({ kind: "retry", providerStatus: `HTTP ${status}`, code: "lock_timeout", message: "busy", raw: reply.body });
  });

  it("another status fails with error.code, else error.type, else http_<status>", async () => {
    reply = { status: 400, body: JSON.stringify({ error: { type: "invalid_request_error", code: "charge_already_refunded", message: "already refunded" } }) };
    expect(await stripeRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "HTTP 400", code: "charge_already_refunded", message: "already refunded", raw: reply.body });
    reply = { status: 401, body: JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid API Key provided" } }) };
    expect(await stripeRefunds.queryRefund(call(), env)).toEqual({ kind: "failed", providerStatus: "HTTP 401", code: "invalid_request_error", message: "Invalid API Key provided", raw: reply.body });
    reply = { status: 402, body: JSON.stringify({ error: { code: "card_declined" } }) };
    expect(await stripeRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "HTTP 402", code: "card_declined", message: "", raw: reply.body });
    reply = { status: 404, body: JSON.stringify({ error: "nope" }) };
    expect(await stripeRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "HTTP 404", code: "http_404", message: "", raw: reply.body });
    reply = { status: 499, body: "<html>" };
    expect(await stripeRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "HTTP 499", code: "http_499", message: "", raw: "<html>" });
    reply = { status: 502, body: "" };
    expect(await stripeRefunds.queryRefund(call(), env)).toEqual({ kind: "retry", providerStatus: "HTTP 502", code: "http_502", message: "", raw: "" });
  });
});

describe("stripe refund objects", () => {
  it("maps the refund status; a missing id is null", async () => {
    for (const [status, expected] of [
      ["pending", { kind: "processing", providerStatus: "pending", providerRefundId: "re_1" }],
      ["requires_action", { kind: "processing", providerStatus: "requires_action", providerRefundId: "re_1" }],
      ["failed", { kind: "failed", providerStatus: "failed", code: "expired_or_canceled_card", message: "stripe refund failed" }],
    ] as const) {
      reply = { status: 200, body: JSON.stringify(refund({ status, failure_reason: "expired_or_canceled_card" })) };
      expect(await stripeRefunds.refund(call(), env)).toEqual({ ...expected, raw: reply.body });
    }
    reply = { status: 200, body: JSON.stringify(refund({ status: "canceled" })) };
    expect(await stripeRefunds.refund(call(), env)).toEqual({ kind: "failed", providerStatus: "canceled", code: "canceled", message: "stripe refund canceled", raw: reply.body });
    reply = { status: 200, body: JSON.stringify(refund({ id: undefined })) };
    expect(await stripeRefunds.refund(call(), env)).toEqual({ kind: "succeeded", providerStatus: "succeeded", providerRefundId: null, raw: reply.body });
  });

  it("an unknown or missing status is unusable", async () => {
    for (const [status, message] of [
      ["refunded", "stripe refund status refunded"],
      [undefined, "stripe refund status (none)"],
    ] as const) {
      reply = { status: 200, body: JSON.stringify(refund({ status })) };
      const e = await queryFailure(stripeRefunds.refund(call(), env));
      expect([e.failure, e.message]).toEqual(["unusable", message]);
    }
  });

  it("an answer that is not a refund, or for another amount, is unusable", async () => {
    for (const body of ["<html>", JSON.stringify(refund({ object: "charge" })), JSON.stringify({ id: "re_1", amount: 1_230, status: "succeeded" })]) {
      reply = { status: 200, body };
      const e = await queryFailure(stripeRefunds.refund(call(), env));
      expect([e.failure, e.message]).toEqual(["unusable", "stripe answer is not a refund"]);
    }
    reply = { status: 200, body: JSON.stringify(refund({ amount: 1_231 })) };
    const e = await queryFailure(stripeRefunds.refund(call(), env));
    expect([e.failure, e.message]).toEqual(["unusable", "stripe refund amount does not match"]);
  });

  it("the query picks the refund whose metadata carries our refund no", async () => {
    const data = [null, "re_x", { id: "re_nometa", object: "refund", amount: 1, status: "failed" }, refund({ id: "re_other", metadata: { refund_no: "RF-OTHER" }, status: "failed" }), refund({ id: "re_mine", status: "pending" })];
    reply = { status: 200, body: JSON.stringify({ object: "list", data }) };
    expect(await stripeRefunds.queryRefund(call(), env)).toEqual({ kind: "processing", providerStatus: "pending", providerRefundId: "re_mine", raw: reply.body });
  });

  it("the query without our refund (or without a list) is not found yet: retry", async () => {
    const notFound = (raw: string) => ({ kind: "retry", providerStatus: "NOT_FOUND", code: "not_found", message: "no refund with this refund no yet", raw });
    for (const body of [JSON.stringify({ object: "list", data: [refund({ metadata: { refund_no: "RF-OTHER" } })] }), JSON.stringify({ object: "list", data: {} }), JSON.stringify({ object: "list" }), "not json"]) {
      reply = { status: 200, body };
      expect(await stripeRefunds.queryRefund(call(), env)).toEqual(notFound(body));
    }
  });
});
