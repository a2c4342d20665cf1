import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import type { MessageSource } from "@/lib/enums";
import { writeAudits, type Actor } from "@/server/audit/write-audit";
import { columnsOf, rowsOf } from "@/server/lib/sql";
import { statusesBefore } from "./state-machine";
import { transitionOrder } from "./transition-order";

export interface MarkOrderPaidInput {
  providerTransactionId: string | null;
  paidAt: Date;
  /** How we learnt it: the provider's callback, or our status query. */
  via: MessageSource;
  callbackEventId?: number;
}

/**
 * CREATED → PAID, in the caller's transaction. A payment settles whatever made the order suspicious while
 * it waited, so the review flag is cleared with it. Null: the order was no longer in a state that may
 * become PAID (someone else won); the caller decides what that means.
 */
export async function markOrderPaid(tx: Db, actor: Actor, order: Order, input: MarkOrderPaidInput): Promise<Order | null> {
  return transitionOrder(
    tx,
    actor,
    order,
    "PAID",
    { providerTransactionId: input.providerTransactionId, paidAt: input.paidAt, paidVia: input.via, needsReview: false, reviewReason: null, reviewReasonCoded: null },
    paidAuditAfter(input),
  );
}

const paidAuditAfter = (input: MarkOrderPaidInput) => ({
  providerTransactionId: input.providerTransactionId,
  paidAt: input.paidAt,
  via: input.via,
  callbackEventId: input.callbackEventId ?? null,
});

/**
 * CREATED → PAID for many orders at once (the callback inbox applies batches): one guarded update and one
 * multi-row audit insert, in the caller's transaction, with the same rules and audit rows as markOrderPaid.
 * The caller holds the orders' row locks. Returns, per change, the order as now stored, or null where the
 * order was no longer in a state that may become PAID.
 */
export async function markOrdersPaid(tx: Db, changes: { actor: Actor; order: Order; input: MarkOrderPaidInput }[]): Promise<(Order | null)[]> {
  if (changes.length === 0) return [];
  const col = columnsOf(changes);
  const updated = rowsOf<{ id: string; updated_at: string | Date }>(
    await tx.execute(sql`
      UPDATE orders o SET status = 'PAID', provider_transaction_id = v.transaction_id, paid_at = v.paid_at, paid_via = v.via,
        needs_review = false, review_reason = null, review_reason_coded = null, updated_at = now()
      FROM unnest(${col((c) => c.order.id)}::uuid[], ${col((c) => c.input.providerTransactionId)}::text[],
        ${col((c) => c.input.paidAt.toISOString())}::timestamptz[], ${col((c) => c.input.via)}::text[]) AS v(id, transaction_id, paid_at, via)
      WHERE o.id = v.id AND o.status IN (${sql.join(statusesBefore("PAID").map((s) => sql`${s}`), sql`, `)})
      RETURNING o.id, o.updated_at`),
  );
  const at = new Map(updated.map((r) => [r.id, r.updated_at instanceof Date ? r.updated_at : new Date(r.updated_at)]));
  const results = changes.map(({ order, input }) =>
    at.has(order.id)
      ? { ...order, status: "PAID" as const, providerTransactionId: input.providerTransactionId, paidAt: input.paidAt, paidVia: input.via, needsReview: false, reviewReason: null, reviewReasonCoded: null, updatedAt: at.get(order.id)! }
      : null,
  );
  await writeAudits(
    tx,
    changes
      .filter((c) => at.has(c.order.id))
      .map(({ actor, order, input }) => ({
        actor,
        entry: { action: "order.paid", entityType: "order", entityId: order.orderNo, before: { status: order.status }, after: { status: "PAID", ...paidAuditAfter(input) } },
      })),
  );
  return results;
}
