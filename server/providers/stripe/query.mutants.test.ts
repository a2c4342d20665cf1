import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "@/server/env";
import { useGatewayStub, type GatewayAnswer } from "@/test/fetch-stub";
import { applyProviderTestEnv, createProviderTestKeys } from "@/test/provider-signers";
import { queryFailure } from "@/test/provider-errors";
import type { OrderRef } from "../types";
import { queryStripe } from "./query";

// PaymentIntent retrieval/search against a `fetch` stub standing in for api.stripe.com; answers hand-made.

const keys = createProviderTestKeys({ pairs: 2 });
const BASE = "https://stripe.example.test";
let env: Env;

const gateway = useGatewayStub("application/json");

beforeAll(() => {
  env = applyProviderTestEnv(keys, { STRIPE_API_BASE_URL: BASE, PROVIDER_QUERY_TIMEOUT: "2s" });
});

const ORDER = "ORD202609150003";
const PI = "pi_3QaBcD2eZvKYlo2C0000000001";
const byOrder: OrderRef = { orderNo: ORDER, providerTransactionId: null, amountMinor: 1999, currency: "USD" };
const byId = { ...byOrder, providerTransactionId: PI };
const json = (doc: unknown, status = 200): GatewayAnswer => ({ status, body: typeof doc === "string" ? doc : JSON.stringify(doc) });

async function failure(o: OrderRef = byOrder, e: Env = env): Promise<{ failure: string; message: string; status?: number }> {
  const q = await queryFailure(queryStripe(o, e));
  return { failure: q.failure, message: q.message, status: q.status };
}

const intent = (over: Record<string, unknown> = {}) => ({
  id: PI,
  object: "payment_intent",
  amount: 1999,
  amount_received: 1999,
  currency: "usd",
  status: "succeeded",
  customer: "cus_Q1w2e3r4t5",
  latest_charge: { id: "ch_1", object: "charge", created: 1_789_446_612 },
  metadata: { order_no: ORDER },
  ...over,
});

describe("queryStripe", () => {
  it("retrieves by PaymentIntent id with the Bearer key, accepting JSON, and reports it exactly (paid at = charge created)", async () => {
    gateway.answer = json(intent());
    const r = await queryStripe(byId, env);
    expect(gateway.calls[0]!.url).toBe(`${BASE}/v1/payment_intents/${PI}?expand%5B%5D=latest_charge`);
    expect(gateway.calls[0]).toMatchObject({ method: "GET", headers: { authorization: `Bearer ${keys.stripe.secretKey}`, accept: "application/json" } });
    expect(r).toEqual({
      found: true,
      raw: gateway.answer.body,
      notification: {
        eventId: null,
        dedupeKey: `${PI}:PAID`,
        orderNo: ORDER,
        transactionId: PI,
        state: "PAID",
        providerStatus: "succeeded",
        amountMinor: 1999,
        currency: "USD",
        eventAt: new Date(1_789_446_612_000),
        paidAt: new Date(1_789_446_612_000),
        facts: { status: "succeeded", customer: "cus_Q1w2e3r4t5", latest_charge: "ch_1" },
      },
    });
  });

  it("refuses before asking without a secret key", async () => {
    gateway.answer = json(intent());
    expect(await failure(byOrder, { ...env, STRIPE_SECRET_KEY: undefined })).toEqual({ failure: "not_configured", message: "stripe not configured: STRIPE_SECRET_KEY unset", status: undefined });
    expect(gateway.calls).toHaveLength(0);
  });

  it("searches by metadata.order_no with quotes and backslashes escaped", async () => {
    gateway.answer = json({ object: "search_result", data: [] });
    const orderNo = `O'R\\D`;
    const r = await queryStripe({ ...byOrder, orderNo }, env);
    const url = new URL(gateway.calls[0]!.url);
    expect(url.pathname).toBe("/v1/payment_intents/search");
    expect(url.searchParams.get("query")).toBe(`metadata['order_no']:'O\\'R\\\\D'`);
    expect(url.searchParams.getAll("expand[]")).toEqual(["data.latest_charge"]);
    expect(r).toEqual({ found: false, raw: gateway.answer.body, reason: `no payment_intent with metadata.order_no ${orderNo}` });
  });

  it("says not found for an unknown PaymentIntent id, but throws on a 404 search and other statuses", async () => {
    gateway.answer = json({ error: { type: "invalid_request_error", code: "resource_missing" } }, 404);
    expect(await queryStripe(byId, env)).toEqual({ found: false, raw: gateway.answer.body, reason: `payment_intent ${PI} not found` });
    expect(await failure(byOrder)).toEqual({ failure: "http_status", message: "stripe answered HTTP 404", status: 404 });
    gateway.answer = json({ error: {} }, 500);
    expect(await failure(byId)).toEqual({ failure: "http_status", message: "stripe answered HTTP 500", status: 500 });
  });

  it("throws unusable on an answer that is not a JSON object", async () => {
    for (const body of ["<html>", "[1]"]) {
      gateway.answer = json(body);
      expect(await failure(byId)).toEqual({ failure: "unusable", message: "stripe answer is not a JSON object", status: undefined });
    }
  });

  it("treats a search without data, or with no object entries, as no payment", async () => {
    for (const doc of [{ object: "search_result" }, { object: "search_result", data: "x" }, { object: "search_result", data: ["junk", 7, null] }]) {
      gateway.answer = json(doc);
      expect(await queryStripe(byOrder, env)).toEqual({ found: false, raw: gateway.answer.body, reason: `no payment_intent with metadata.order_no ${ORDER}` });
    }
  });

  it("prefers the succeeded intent of a search, else the first", async () => {
    const first = intent({ id: "pi_first", status: "processing", latest_charge: null });
    gateway.answer = json({ object: "search_result", data: [first, intent({ id: "pi_paid" }), intent({ id: "pi_third", status: "canceled" })] });
    expect(await queryStripe(byOrder, env)).toMatchObject({ found: true, notification: { transactionId: "pi_paid", state: "PAID" } });
    gateway.answer = json({ object: "search_result", data: [first, intent({ id: "pi_other", status: "canceled" })] });
    expect(await queryStripe(byOrder, env)).toMatchObject({ found: true, notification: { transactionId: "pi_first", state: "PENDING", paidAt: null, eventAt: null } });
  });

  it("throws unusable when the object is not a payment_intent", async () => {
    gateway.answer = json({ id: "ch_1", object: "charge" });
    expect(await failure(byId)).toEqual({ failure: "unusable", message: "stripe answer is not a payment_intent", status: undefined });
    gateway.answer = json({ object: "search_result", data: [{ id: "ch_1", object: "charge" }] });
    expect(await failure(byOrder)).toEqual({ failure: "unusable", message: "stripe answer is not a payment_intent", status: undefined });
  });

  it("throws wrong_order when the intent's metadata names another order", async () => {
    gateway.answer = json(intent({ metadata: { order_no: "ORD999" } }));
    expect(await failure(byId)).toEqual({ failure: "wrong_order", message: `stripe payment_intent belongs to order ORD999, asked ${ORDER}`, status: undefined });
  });

  it("takes an intent without metadata (or status, or expanded charge) as the asked order's", async () => {
    gateway.answer = json(intent({ metadata: undefined, status: undefined, latest_charge: "ch_2" }));
    expect(await queryStripe(byId, env)).toEqual({
      found: true,
      raw: gateway.answer.body,
      notification: {
        eventId: null,
        dedupeKey: `${PI}:PENDING`,
        orderNo: ORDER,
        transactionId: PI,
        state: "PENDING",
        providerStatus: "",
        amountMinor: 1999,
        currency: "USD",
        eventAt: null,
        paidAt: null,
        facts: { status: undefined, customer: "cus_Q1w2e3r4t5", latest_charge: "ch_2" },
      },
    });
  });

  it("throws unusable with the reason when the intent cannot be read", async () => {
    gateway.answer = json(intent({ id: undefined }));
    expect(await failure(byId)).toEqual({ failure: "unusable", message: "stripe answer unusable: payment_intent.id missing", status: undefined });
    gateway.answer = json(intent({ amount_received: "1999" }));
    expect(await failure(byId)).toEqual({ failure: "unusable", message: "stripe answer unusable: payment_intent.amount_received is not an integer", status: undefined });
  });
});
