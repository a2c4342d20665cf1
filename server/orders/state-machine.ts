import "server-only";
import type { OrderStatus } from "@/lib/enums";

/**
 * CREATED → PAID → FULFILLED, CREATED → CLOSED; refunds: PAID/FULFILLED → PARTIALLY_REFUNDED → REFUNDED and
 * PAID/FULFILLED → REFUNDED. Nothing else: a paid order is never closed by a late "closed" message (that is a
 * discrepancy for reconciliation), nothing leaves REFUNDED, and no state is ever left backwards.
 *
 * This table is the WHERE of every transition verb in server/orders/ (mark-order-paid, mark-order-fulfilled,
 * close-order, mark-order-refunded), the only modules that write an order's state. The review flag is not a
 * state: see flag-order-for-review.
 */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  CREATED: ["PAID", "CLOSED"],
  PAID: ["FULFILLED", "PARTIALLY_REFUNDED", "REFUNDED"],
  FULFILLED: ["PARTIALLY_REFUNDED", "REFUNDED"],
  CLOSED: [],
  PARTIALLY_REFUNDED: ["REFUNDED"],
  REFUNDED: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses an order must be in for `to` to apply: the WHERE of the conditional update. */
export function statusesBefore(to: OrderStatus): OrderStatus[] {
  return (Object.keys(TRANSITIONS) as OrderStatus[]).filter((from) => canTransition(from, to));
}

export const STATUS_RANK: Record<OrderStatus, number> = { CREATED: 0, PAID: 1, CLOSED: 1, FULFILLED: 2, PARTIALLY_REFUNDED: 3, REFUNDED: 4 };
