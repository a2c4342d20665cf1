import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, type Order } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { statusesBefore } from "./state-machine";

export interface MarkOrderFulfilledInput {
  /** The shop's answer that counted as "delivered" (a 2xx). */
  httpStatus: number;
  jobId?: number;
  fulfilledAt?: Date;
}

/** PAID → FULFILLED once the shop acknowledged the order.paid webhook. Null: the order was not PAID any more. */
export async function markOrderFulfilled(tx: Db, actor: Actor, order: Order, input: MarkOrderFulfilledInput): Promise<Order | null> {
  const fulfilledAt = input.fulfilledAt ?? new Date();
  const [updated] = await tx
    .update(orders)
    .set({ status: "FULFILLED", fulfilledAt })
    .where(and(eq(orders.id, order.id), inArray(orders.status, statusesBefore("FULFILLED"))))
    .returning();
  if (!updated) return null;
  await writeAudit(tx, actor, {
    action: "order.fulfilled",
    entityType: "order",
    entityId: order.orderNo,
    before: { status: order.status },
    after: { status: "FULFILLED", httpStatus: input.httpStatus, jobId: input.jobId ?? null },
  });
  return updated;
}
