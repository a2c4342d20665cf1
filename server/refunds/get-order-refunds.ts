import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, refunds } from "@/db/schema";
import type { Actor } from "@/server/audit/write-audit";
import { holds } from "@/server/auth/permissions";
import { NotFoundError } from "@/server/lib/errors";
import { orderRefundTotals } from "./order-refund-totals";
import { loadLimit, usedToday } from "./refund-authority";
import { toRefundView, type RefundView } from "./refund-view";

export interface OrderRefunds {
  orderNo: string;
  orderStatus: string;
  currency: string;
  paidMinor: number;
  refundedMinor: number;
  pendingMinor: number;
  /** What may still be asked for: paid − refunded − reserved; 0 when the order was never paid. */
  refundableMinor: number;
  refunds: RefundView[];
  /** What the caller may do here (the button and the queue actions follow it; the server checks again). */
  may: { request: boolean; approve: boolean };
  myLimit: { singleMaxMinor: number | null; dailyMaxMinor: number | null; usedTodayMinor: number; currency: string } | null;
}

const PAID_STATES = new Set(["PAID", "FULFILLED", "PARTIALLY_REFUNDED", "REFUNDED"]);

export async function getOrderRefunds(db: Db, actor: Actor, orderNo: string, now: Date = new Date()): Promise<OrderRefunds> {
  const [order] = await db.select().from(orders).where(eq(orders.orderNo, orderNo));
  if (!order) throw new NotFoundError("order not found");
  const rows = await db.select().from(refunds).where(eq(refunds.orderId, order.id)).orderBy(desc(refunds.createdAt), desc(refunds.id));
  const totals = await orderRefundTotals(db, order.id);
  const paid = PAID_STATES.has(order.status);
  const limit = await loadLimit(db, actor.role);
  return {
    orderNo: order.orderNo,
    orderStatus: order.status,
    currency: order.currency,
    paidMinor: paid ? order.amountMinor : 0,
    refundedMinor: totals.refundedMinor,
    pendingMinor: totals.pendingMinor,
    refundableMinor: paid && order.status !== "REFUNDED" ? Math.max(0, order.amountMinor - totals.refundedMinor - totals.pendingMinor) : 0,
    refunds: rows.map((r) => toRefundView(r, actor.id)),
    may: { request: holds(actor.role, "refund.create"), approve: holds(actor.role, "refund.approve") },
    myLimit: limit && actor.id ? { singleMaxMinor: limit.singleMaxMinor, dailyMaxMinor: limit.dailyMaxMinor, usedTodayMinor: await usedToday(db, actor.id, now), currency: limit.currency } : null,
  };
}
