import "server-only";
import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import type { Actor } from "@/server/audit/write-audit";
import { transitionOrder } from "./transition-order";

export interface MarkOrderRefundedInput {
  /** Everything the provider has refunded on this order so far, this refund included (minor units). */
  refundedMinor: number;
  refundNo: string;
}

/**
 * PAID/FULFILLED → PARTIALLY_REFUNDED, or → REFUNDED once the refunded total reaches the paid amount (also
 * from PARTIALLY_REFUNDED). Another partial refund of an order already PARTIALLY_REFUNDED changes nothing
 * (the order is where it should be): returns the order unchanged. Null: the order was not in a state the
 * transition allows (someone else moved it, or it was never paid).
 */
export async function markOrderRefunded(tx: Db, actor: Actor, order: Order, input: MarkOrderRefundedInput): Promise<Order | null> {
  const full = input.refundedMinor >= order.amountMinor;
  if (!full && order.status === "PARTIALLY_REFUNDED") return order;
  return transitionOrder(tx, actor, order, full ? "REFUNDED" : "PARTIALLY_REFUNDED", {}, { refundedMinor: input.refundedMinor, paidMinor: order.amountMinor, refundNo: input.refundNo });
}
