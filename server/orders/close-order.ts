import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, type Order } from "@/db/schema";
import type { MessageSource } from "@/lib/enums";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { statusesBefore } from "./state-machine";

/**
 * Why an order closes. Only a positive answer from the provider closes an order: a query that failed
 * (HTTP 5xx, timeout, bad signature) is not an answer, and must never become one of these.
 */
export type CloseReason =
  /** The provider reported the payment closed/cancelled (callback or status query). */
  | { code: "provider_closed"; providerStatus: string }
  /** The order expired and the provider positively answered that it holds no payment for it. */
  | { code: "expired_unpaid"; providerAnswer: string };

export type CloseVia = MessageSource | "janitor" | "console";

/** The text kept in orders.close_reason and shown on the order page. */
export function describeCloseReason(reason: CloseReason): string {
  switch (reason.code) {
    case "provider_closed":
      return `provider: ${reason.providerStatus}`;
    case "expired_unpaid":
      return "expired; provider reports no payment";
  }
}

export interface CloseOrderInput {
  reason: CloseReason;
  via: CloseVia;
  closedAt?: Date;
}

/**
 * CREATED → CLOSED, in the caller's transaction. Conditional on the order still being CREATED, so a
 * payment committed between the caller's read and this write wins: null means the order is no longer
 * closable (usually: it was just paid) and nothing was written.
 */
export async function closeOrder(tx: Db, actor: Actor, order: Order, input: CloseOrderInput): Promise<Order | null> {
  const closeReason = describeCloseReason(input.reason);
  const [updated] = await tx
    .update(orders)
    .set({ status: "CLOSED", closedAt: input.closedAt ?? new Date(), closeReason })
    .where(and(eq(orders.id, order.id), inArray(orders.status, statusesBefore("CLOSED"))))
    .returning();
  if (!updated) return null;
  const { code, ...params } = input.reason;
  await writeAudit(tx, actor, {
    action: "order.closed",
    entityType: "order",
    entityId: order.orderNo,
    before: { status: order.status },
    after: { status: "CLOSED", reason: closeReason, code, params, via: input.via },
  });
  return updated;
}
