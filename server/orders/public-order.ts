import "server-only";
import type { Order } from "@/db/schema";

/** The merchant-facing view of an order (GET /api/v1/orders/{orderNo}). */
export function publicOrder(o: Order) {
  return {
    orderNo: o.orderNo,
    status: o.status,
    amountMinor: o.amountMinor,
    currency: o.currency,
    provider: o.provider,
    providerTransactionId: o.providerTransactionId,
    paidAt: o.paidAt?.toISOString() ?? null,
    fulfilledAt: o.fulfilledAt?.toISOString() ?? null,
    needsReview: o.needsReview,
  };
}
