import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callbackEvents, discrepancies, orders, type Order } from "@/db/schema";
import type { LookupAnswerKind } from "@/lib/tickets";

export interface OrderSituation {
  order: Pick<Order, "orderNo" | "userId" | "userPhone" | "status" | "amountMinor" | "currency" | "provider" | "paidAt" | "fulfilledAt" | "closedAt"> | null;
  /** Null when there is no such order. */
  kind: Exclude<LookupAnswerKind, "no_match"> | null;
}

/**
 * Where an order stands, in the words a user understands (what the self-service lookup answers and the
 * ticket page shows). From our own data: the order, its open discrepancies (a second payment, money for a
 * closed order) and verified provider messages not applied yet (paid at the provider, not updated here).
 *
 * Always runs the same three queries whether the order exists or not: the lookup must take the same time for
 * an unknown order number as for a known one with a wrong phone.
 */
export async function orderSituation(db: Db, orderNo: string): Promise<OrderSituation> {
  const [order] = await db
    .select({
      orderNo: orders.orderNo, userId: orders.userId, userPhone: orders.userPhone, status: orders.status, amountMinor: orders.amountMinor, currency: orders.currency,
      provider: orders.provider, paidAt: orders.paidAt, fulfilledAt: orders.fulfilledAt, closedAt: orders.closedAt,
    })
    .from(orders)
    .where(eq(orders.orderNo, orderNo))
    .limit(1);
  const open = await db
    .select({ type: discrepancies.type })
    .from(discrepancies)
    .where(and(eq(discrepancies.orderNo, orderNo), eq(discrepancies.status, "open")));
  // Verified, not applied yet: the provider told us it was paid (the applier or an outage holds it back).
  const waiting = await db
    .select({ id: callbackEvents.id })
    .from(callbackEvents)
    .where(and(eq(callbackEvents.orderNo, orderNo), eq(callbackEvents.verification, "verified"), inArray(callbackEvents.outcome, ["received", "unknown_order", "error"])))
    .limit(1);
  if (!order) return { order: null, kind: null };
  const types = new Set(open.map((d) => d.type));
  let kind: OrderSituation["kind"];
  if (types.has("duplicate_payment")) kind = "charged_twice";
  else if (types.has("paid_after_close")) kind = "refund_pending";
  else if (order.status === "FULFILLED") kind = "done";
  else if (order.status === "PAID") kind = "processing";
  else if (order.status === "CLOSED") kind = "closed";
  // An amount or currency mismatch is a payment we are checking by hand: the user should not pay again either.
  else if (waiting.length > 0 || types.size > 0) kind = "processing";
  else kind = "not_paid";
  return { order, kind };
}
