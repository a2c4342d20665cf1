import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import type { MessageSource } from "@/lib/enums";
import { auditRowsCte, writeAudits, type Actor } from "@/server/audit/write-audit";
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

/** The columns "paid" sets, from a row `v` with transaction_id, paid_at and via (one text for both batch forms). */
const paidSet = sql`status = 'PAID', provider_transaction_id = v.transaction_id, paid_at = v.paid_at, paid_via = v.via,
        needs_review = false, review_reason = null, review_reason_coded = null, updated_at = now()`;
const mayBecomePaid = () => sql.join(statusesBefore("PAID").map((s) => sql`${s}`), sql`, `);

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
      UPDATE orders o SET ${paidSet}
      -- Guarded by the status read under the caller's lock, as markOrdersPaidCtes (why: see there).
      FROM (
        SELECT * FROM unnest(${col((c) => c.order.id)}::uuid[], ${col((c) => c.input.providerTransactionId)}::text[],
          ${col((c) => c.input.paidAt.toISOString())}::timestamptz[], ${col((c) => c.input.via)}::text[], ${col((c) => c.order.status)}::text[])
          AS u(id, transaction_id, paid_at, via, status_before)
        WHERE status_before IN (${mayBecomePaid()}) OFFSET 0
      ) v
      WHERE o.id = v.id AND o.status = v.status_before
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

/**
 * markOrdersPaid as CTEs of the caller's statement, for the callback inbox's payments decided in SQL
 * (server/callbacks/apply-payments-in-sql.ts): the same guarded update and the same audit rows, with no row
 * passing through JavaScript. `${name}` changes the orders of `source` and returns, per order changed, its
 * order_no and callback_event_id; `${name}_audit` writes their audit rows, in callback_event_id order (as
 * markOrdersPaid writes them in the order of its changes). `source` is a relation of that
 * statement with the columns order_id (uuid), status_before, transaction_id, paid_at (timestamptz),
 * paid_at_json (paid_at as JSON writes a Date: what markOrdersPaid's audit row holds), via,
 * callback_event_id and actor_label. The caller holds the orders' row locks and compares the count.
 */
export function markOrdersPaidCtes(name: string, source: string): SQL {
  const changed = sql.raw(name);
  return sql`${changed} AS (
      UPDATE orders o SET ${paidSet}
      -- Guarded by the status the caller read under its lock (which must be one that may become PAID), not
      -- by "o.status IN (…)": with that constant the planner walks every CREATED order (a partial index)
      -- against the batch instead of finding each order by its id. OFFSET 0 keeps the constant inside.
      FROM (SELECT * FROM ${sql.raw(source)} WHERE status_before IN (${mayBecomePaid()}) OFFSET 0) v
      WHERE o.id = v.order_id AND o.status = v.status_before
      RETURNING o.order_no, v.status_before, v.transaction_id, v.paid_at_json, v.via, v.callback_event_id, v.actor_label
    ),
    ${sql.raw(`${name}_audit_rows`)} AS (
      SELECT callback_event_id, actor_label, 'order.paid' AS action, 'order' AS entity_type, order_no AS entity_id, jsonb_build_object('status', status_before) AS before,
        jsonb_build_object('status', 'PAID', 'providerTransactionId', transaction_id, 'paidAt', paid_at_json, 'via', via, 'callbackEventId', callback_event_id) AS after
      FROM ${changed}
    ),
    ${auditRowsCte(`${name}_audit`, `${name}_audit_rows`, "callback_event_id")}`;
}
