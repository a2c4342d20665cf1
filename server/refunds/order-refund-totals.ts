import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refunds } from "@/db/schema";
import { RESERVING_STATUSES } from "@/lib/refunds";

export interface OrderRefundTotals {
  /** Succeeded refunds (money back). */
  refundedMinor: number;
  /** Waiting for approval, approved (queued) or processing: reserved, not yet back. */
  pendingMinor: number;
}

/**
 * Money refunds of one order's payment (kind "refund"; reship and compensation move no money of this
 * payment, and a refund of a duplicate payment returns another payment: neither counts).
 */
export async function orderRefundTotals(db: Db, orderId: string): Promise<OrderRefundTotals> {
  const rows = await db
    .select({ status: refunds.status, total: sql<string>`sum(${refunds.amountMinor})` })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), eq(refunds.kind, "refund"), isNull(refunds.providerTransactionId), inArray(refunds.status, [...RESERVING_STATUSES])))
    .groupBy(refunds.status);
  let refundedMinor = 0;
  let pendingMinor = 0;
  for (const r of rows) {
    if (r.status === "succeeded") refundedMinor += Number(r.total);
    else pendingMinor += Number(r.total);
  }
  return { refundedMinor, pendingMinor };
}
