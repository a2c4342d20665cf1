import type { OrderStatus } from "@/lib/enums";

/**
 * CREATED → PAID → FULFILLED, CREATED → CLOSED. Nothing else: a paid order is never closed by a late
 * "closed" message (that is a discrepancy for reconciliation), and no state is ever left backwards.
 */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  CREATED: ["PAID", "CLOSED"],
  PAID: ["FULFILLED"],
  FULFILLED: [],
  CLOSED: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses an order must be in for `to` to apply: the WHERE of the conditional update. */
export function statusesBefore(to: OrderStatus): OrderStatus[] {
  return (Object.keys(TRANSITIONS) as OrderStatus[]).filter((from) => canTransition(from, to));
}

export const STATUS_RANK: Record<OrderStatus, number> = { CREATED: 0, PAID: 1, CLOSED: 1, FULFILLED: 2 };
