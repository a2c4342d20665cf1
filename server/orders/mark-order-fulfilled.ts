import "server-only";
import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import type { Actor } from "@/server/audit/write-audit";
import { transitionOrder } from "./transition-order";

export interface MarkOrderFulfilledInput {
  /** The shop's answer that counted as "delivered" (a 2xx). */
  httpStatus: number;
  jobId?: number;
  fulfilledAt?: Date;
}

/** PAID → FULFILLED once the shop acknowledged the order.paid webhook. Null: the order was not PAID any more. */
export async function markOrderFulfilled(tx: Db, actor: Actor, order: Order, input: MarkOrderFulfilledInput): Promise<Order | null> {
  return transitionOrder(tx, actor, order, "FULFILLED", { fulfilledAt: input.fulfilledAt ?? new Date() }, { httpStatus: input.httpStatus, jobId: input.jobId ?? null });
}
