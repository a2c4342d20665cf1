import "server-only";
import { isCurrencyCode } from "@/lib/money";
import { safeInt, str, type Json } from "../shared/fields";
import { parseRfc3339 } from "../shared/beijing-time";
import { MalformedError } from "../shared/verify-result";
import type { PaymentState, ProviderNotification } from "../types";
import { paymentDedupeKey } from "../shared/dedupe-key";

export const SANDBOX_STATES: Record<string, PaymentState> = { SUCCESS: "PAID", CLOSED: "CLOSED", FAILED: "FAILED", PENDING: "PENDING" };

/** Callback payload and query answer share their fields; only the callback has an eventId. */
export function buildSandboxNotification(doc: Json, opts: { eventId: string | null; allowPending: boolean }): ProviderNotification {
  const orderNo = str(doc, "orderNo");
  if (!orderNo) throw new MalformedError("orderNo missing");
  const status = str(doc, "status");
  const state = status ? SANDBOX_STATES[status] : undefined;
  if (!status || !state || (state === "PENDING" && !opts.allowPending)) throw new MalformedError(`status ${status ?? "(missing)"} is not SUCCESS, CLOSED or FAILED`);
  const amountMinor = safeInt(doc, "amountMinor");
  if (amountMinor === undefined) throw new MalformedError("amountMinor is not an integer");
  const currency = str(doc, "currency");
  if (!currency || !isCurrencyCode(currency)) throw new MalformedError("currency missing or not ISO-4217");
  const transactionId = str(doc, "transactionId") ?? null;
  if (state !== "PENDING" && !transactionId) throw new MalformedError("transactionId missing");
  const paidAtText = str(doc, "paidAt");
  let at: Date | null = null;
  if (paidAtText !== undefined) {
    // An instant with its offset: a time without one would be read in this server's zone.
    at = parseRfc3339(paidAtText) ?? null;
    if (!at) throw new MalformedError("paidAt is not an ISO time");
  } else if (state === "PAID") {
    // Only a payment has a pay time; a closed or failed answer may carry none.
    throw new MalformedError("paidAt missing");
  }
  return {
    eventId: opts.eventId,
    dedupeKey: paymentDedupeKey(transactionId, orderNo, state),
    orderNo,
    transactionId,
    state,
    providerStatus: status,
    amountMinor,
    currency,
    eventAt: at,
    paidAt: state === "PAID" ? at : null,
    facts: {},
  };
}
