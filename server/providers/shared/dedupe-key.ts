import "server-only";
import type { PaymentState } from "../types";

/**
 * The idempotency key of a payment fact (see ProviderNotification.dedupeKey). Callbacks and status queries
 * of one provider must build it the same way, or a query answer and the late callback would both apply.
 */
export function paymentDedupeKey(transactionId: string | null | undefined, orderNo: string, state: PaymentState): string {
  return `${transactionId ?? orderNo}:${state}`;
}
