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
  return { order, kind: situationKind(order.status, new Set(open.map((d) => d.type)), waiting.length > 0) };
}

type SituationKind = Exclude<LookupAnswerKind, "no_match">;

/** The words for an order's status, its open discrepancy types and whether a verified payment message waits. */
export function situationKind(status: Order["status"], types: ReadonlySet<string>, waiting: boolean): SituationKind {
  if (types.has("duplicate_payment")) return "charged_twice";
  if (types.has("paid_after_close")) return "refund_pending";
  if (status === "FULFILLED" || status === "PARTIALLY_REFUNDED" || status === "REFUNDED") return "done";
  if (status === "PAID") return "processing";
  if (status === "CLOSED") return "closed";
  // An amount or currency mismatch is a payment we are checking by hand: the user should not pay again either.
  if (waiting || types.size > 0) return "processing";
  return "not_paid";
}

/**
 * orderSituation for a page of orders the caller already loaded (the console's customer page): the same rule,
 * two queries for the whole page instead of three per order.
 */
export async function orderSituations(db: Db, page: readonly Pick<Order, "orderNo" | "status">[]): Promise<Map<string, SituationKind>> {
  const orderNos = page.map((o) => o.orderNo);
  if (orderNos.length === 0) return new Map();
  const [open, waiting] = await Promise.all([
    db
      .select({ orderNo: discrepancies.orderNo, type: discrepancies.type })
      .from(discrepancies)
      .where(and(inArray(discrepancies.orderNo, orderNos), eq(discrepancies.status, "open"))),
    db
      .selectDistinct({ orderNo: callbackEvents.orderNo })
      .from(callbackEvents)
      .where(and(inArray(callbackEvents.orderNo, orderNos), eq(callbackEvents.verification, "verified"), inArray(callbackEvents.outcome, ["received", "unknown_order", "error"]))),
  ]);
  const waitingSet = new Set(waiting.map((w) => w.orderNo));
  return new Map(
    page.map((o) => [o.orderNo, situationKind(o.status, new Set(open.filter((d) => d.orderNo === o.orderNo).map((d) => d.type)), waitingSet.has(o.orderNo))]),
  );
}
