import "server-only";
import { and, eq, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, type Order } from "@/db/schema";
import type { Reason } from "@/lib/reasons";
import { writeAudit, type Actor } from "@/server/audit/write-audit";

export interface FlagOrderForReviewInput {
  /** Shown to the people who review it (orders.review_reason). */
  reason: string;
  /** The same as a code with parameters (orders.review_reason_coded), rendered in the reader's language. */
  coded?: Reason;
  /** Kept in the audit row only (job id, attempts…). */
  detail?: Record<string, unknown>;
}

/**
 * Marks an order for a person to look at, in the caller's transaction. The flag is not a status, so it is
 * allowed in every status, but only in the status the caller saw: a janitor that read CREATED must not
 * flag an order a callback has just paid. Null: the order moved on since it was read, or it is already
 * flagged for this very reason.
 */
export async function flagOrderForReview(tx: Db, actor: Actor, order: Order, input: FlagOrderForReviewInput): Promise<Order | null> {
  const [updated] = await tx
    .update(orders)
    .set({ needsReview: true, reviewReason: input.reason, reviewReasonCoded: input.coded ?? null })
    .where(
      and(
        eq(orders.id, order.id),
        eq(orders.status, order.status),
        or(eq(orders.needsReview, false), sql`${orders.reviewReason} is distinct from ${input.reason}`),
      ),
    )
    .returning();
  if (!updated) return null;
  await writeAudit(tx, actor, {
    action: "order.needs_review",
    entityType: "order",
    entityId: order.orderNo,
    before: { status: order.status, needsReview: order.needsReview },
    after: { needsReview: true, reason: input.reason, ...(input.coded ? { reasonCoded: input.coded } : {}), ...input.detail },
  });
  return updated;
}
