import { stripePaymentIntent } from "../provider-signers";
import type { FakeContext, FakePayment, FakeReply } from "./types";

const json = (status: number, doc: unknown): FakeReply => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(doc) });

function intent(ctx: FakeContext, orderNo: string, p: FakePayment, expand: boolean): Record<string, unknown> {
  const at = p.paidAt ?? new Date();
  const pi = stripePaymentIntent({ orderNo: ctx.tamper ? `${orderNo}-OTHER` : orderNo, transactionId: p.transactionId, amountMinor: p.amountMinor, currency: p.currency, state: p.state, at });
  if (expand) pi.latest_charge = { id: pi.latest_charge, object: "charge", created: Math.floor(at.getTime() / 1000), amount: p.amountMinor };
  return pi;
}

/** PaymentIntent retrieve and search. Stripe answers are not signed; the Bearer secret key is checked. */
export function handleStripeApi(ctx: FakeContext): FakeReply {
  if (ctx.headers.authorization !== `Bearer ${ctx.keys.stripe.secretKey}`) {
    return json(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
  }
  const expand = ctx.url.searchParams.getAll("expand[]");
  if (ctx.url.pathname === "/v1/payment_intents/search") {
    const q = /^metadata\['order_no'\]:'((?:[^'\\]|\\.)*)'$/.exec(ctx.url.searchParams.get("query") ?? "");
    if (!q) return json(400, { error: { type: "invalid_request_error", message: "unsupported search query" } });
    const orderNo = q[1]!.replace(/\\(.)/g, "$1");
    const p = ctx.payments.get(orderNo);
    const data = p ? [intent(ctx, orderNo, p, expand.includes("data.latest_charge"))] : [];
    return json(200, { object: "search_result", url: "/v1/payment_intents/search", has_more: false, next_page: null, data });
  }
  const m = /^\/v1\/payment_intents\/([^/]+)$/.exec(ctx.url.pathname);
  if (m) {
    const id = decodeURIComponent(m[1]!);
    for (const [orderNo, p] of ctx.payments) {
      if (p.transactionId === id) return json(200, intent(ctx, orderNo, p, expand.includes("latest_charge")));
    }
    return json(404, { error: { code: "resource_missing", type: "invalid_request_error", message: `No such payment_intent: '${id}'` } });
  }
  return json(404, { error: { type: "invalid_request_error", message: "Unrecognized request URL" } });
}
