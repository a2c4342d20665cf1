import "server-only";
import { isCurrencyCode } from "@/lib/money";
import { record, safeInt, str, type Json } from "../shared/fields";
import { MalformedError } from "../shared/verify-result";
import type { PaymentState, ProviderNotification } from "../types";
import { paymentDedupeKey } from "../shared/dedupe-key";

export function stripeIntentState(status: string): PaymentState {
  if (status === "succeeded") return "PAID";
  if (status === "canceled") return "CLOSED";
  return "PENDING";
}

function currencyOf(pi: Json): string {
  const currency = str(pi, "currency")?.toUpperCase();
  if (!currency || !isCurrencyCode(currency)) throw new MalformedError("payment_intent.currency missing or not ISO-4217");
  return currency;
}

/**
 * From a PaymentIntent in a given state. The paid amount is amount_received (what was captured);
 * for other states the intended `amount` is reported, as the other providers report the order total.
 */
export function buildFromPaymentIntent(
  pi: Json,
  state: PaymentState,
  opts: { eventId: string | null; providerStatus: string; eventAt: Date | null; paidAt: Date | null },
): ProviderNotification {
  const id = str(pi, "id");
  if (!id) throw new MalformedError("payment_intent.id missing");
  const amountMinor = safeInt(pi, state === "PAID" ? "amount_received" : "amount");
  if (amountMinor === undefined) throw new MalformedError(`payment_intent.${state === "PAID" ? "amount_received" : "amount"} is not an integer`);
  const orderNo = str(record(pi, "metadata") ?? {}, "order_no") ?? null;
  const facts: Record<string, unknown> = { status: str(pi, "status") };
  const customer = str(pi, "customer");
  if (customer) facts.customer = customer;
  const charge = pi.latest_charge;
  if (typeof charge === "string") facts.latest_charge = charge;
  else if (charge && typeof charge === "object" && "id" in charge) facts.latest_charge = (charge as Json).id;
  return {
    eventId: opts.eventId,
    dedupeKey: paymentDedupeKey(id, orderNo ?? id, state),
    orderNo,
    transactionId: id,
    state,
    providerStatus: opts.providerStatus,
    amountMinor,
    currency: currencyOf(pi),
    eventAt: opts.eventAt,
    paidAt: state === "PAID" ? opts.paidAt : null,
    facts,
  };
}
