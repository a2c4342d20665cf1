import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, type Order } from "@/db/schema";
import type { OrderStatus } from "@/lib/enums";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { statusesBefore } from "./state-machine";

/**
 * The one shape of a status transition: a conditional update from the states the state machine allows
 * before `to`, and its audit row, in the caller's transaction. Null: the order was no longer in an allowed
 * state (someone else won) and nothing was written.
 */
export async function transitionOrder(
  tx: Db,
  actor: Actor,
  order: Order,
  to: OrderStatus,
  set: Partial<typeof orders.$inferInsert>,
  after: Record<string, unknown>,
): Promise<Order | null> {
  const [updated] = await tx
    .update(orders)
    .set({ ...set, status: to })
    .where(and(eq(orders.id, order.id), inArray(orders.status, statusesBefore(to))))
    .returning();
  if (!updated) return null;
  await writeAudit(tx, actor, {
    action: `order.${to.toLowerCase()}`,
    entityType: "order",
    entityId: order.orderNo,
    before: { status: order.status },
    after: { status: to, ...after },
  });
  return updated;
}
