import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { enqueueFulfilmentsCte } from "@/server/fulfilment/enqueue-fulfilment";
import { arrayLiteral, executePrepared, idsFromArrayText, rowsOf } from "@/server/lib/sql";
import { markOrdersPaidCtes } from "@/server/orders/mark-order-paid";
import { messageOutcomesCte } from "./write-message-outcomes";

/**
 * The inbox's common case, applied in one statement: no row of it passes through JavaScript.
 *
 * A claimed batch is mostly payments that simply apply: "paid" for an order that waits for exactly that
 * amount, plus resends of it. In JavaScript (applyMessages) each of them was read back, parsed, decided and
 * written in a handful of statements; in the web process that garbage cost more than the decision (docs/
 * PERFORMANCE.md). Here one statement decides and writes them, with applyMessages' rules, in its order:
 *
 * - Taken: an order of the batch whose messages all say PAID with one idempotency key, a key no other order
 *   of the batch carries. Anything else about the order — another state, a second key, a refund, no such
 *   order — leaves all its messages to applyMessages, which the caller runs next in the same transaction.
 * - Key already recorded (payment_events): every message of the order is a duplicate of the recorded one.
 * - Otherwise the first message (lowest id) pays the order when applyMessages would: the order is CREATED,
 *   no currency is stated or the order's is, the amount is the order's, and no open "missing internal" item
 *   waits for this transaction (settling it is applyMessages' work). The order becomes PAID with its audit
 *   row (server/orders), its fulfilment job is enqueued, the event recorded, and the other messages are
 *   duplicates of the first. A first message that would not pay leaves the order to applyMessages.
 *
 * It runs as a named prepared statement (executePrepared), so PostgreSQL may keep one generic plan for every
 * batch, made without knowing how many messages a batch holds. The batch's aggregates (key_orders, g) are
 * therefore MATERIALIZED: computed once whatever that plan joins them with, never once per message
 * (apply-payments-in-sql.plan.test.ts).
 *
 * The caller has claimed `ids` and locked their orders (in order-number order) in this transaction. Returns
 * the ids it applied; the rest are applyMessages'. Throws (the batch rolls back) if an order it decided to pay
 * was not updated, as applyMessages does.
 */
export async function applyPaymentsInSql(tx: Db, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const [row] = rowsOf<{ to_pay: number; paid: number; done: string | null }>(await executePrepared(tx, "apply_payments", paymentsStatement(ids)));
  // The orders are locked by this transaction and were CREATED when read: the guarded update cannot miss.
  if (!row || row.to_pay !== row.paid) throw new Error("order changed under its row lock; batch aborted");
  return new Set(idsFromArrayText(row.done));
}

/** The statement of applyPaymentsInSql (exported for its plan's test). */
export function paymentsStatement(ids: readonly number[]): SQL {
  return sql`
    WITH m AS (
      SELECT c.id, c.provider, c.source, c.received_at, nullif(c.order_no, '') AS order_no,
        c.notification->>'state' AS state, c.notification->>'dedupeKey' AS dedupe_key,
        c.notification->>'transactionId' AS transaction_id, c.notification->>'providerStatus' AS provider_status,
        CASE WHEN jsonb_typeof(c.notification->'amountMinor') = 'number' AND c.notification->>'amountMinor' ~ '^-?[0-9]{1,15}$'
          THEN (c.notification->>'amountMinor')::bigint END AS amount_minor,
        jsonb_typeof(c.notification->'currency') AS currency_type, c.notification->>'currency' AS currency,
        coalesce(CASE WHEN jsonb_typeof(c.notification->'paidAt') = 'string' THEN c.notification->>'paidAt' END,
          CASE WHEN jsonb_typeof(c.notification->'eventAt') = 'string' THEN c.notification->>'eventAt' END) AS paid_at_text
      FROM callback_events c
      WHERE c.id = ANY(${sql.param(arrayLiteral(ids))}::bigint[])
    ),
    key_orders AS MATERIALIZED (
      SELECT provider, dedupe_key, count(DISTINCT order_no) AS orders FROM m GROUP BY provider, dedupe_key
    ),
    g AS MATERIALIZED (
      SELECT order_no, min(id) AS first_id FROM m
      WHERE order_no IS NOT NULL
      GROUP BY order_no
      HAVING bool_and(state = 'PAID' AND dedupe_key IS NOT NULL AND provider_status IS NOT NULL)
        AND count(DISTINCT (provider, dedupe_key)) = 1
    ),
    v AS (
      SELECT g.order_no, g.first_id, f.provider, f.dedupe_key, f.source, f.received_at, f.transaction_id, f.provider_status, f.paid_at_text,
        o.id AS order_id, o.status AS status_before, pe.callback_event_id AS taken_by,
        CASE
          WHEN pe.callback_event_id IS NOT NULL THEN 'duplicate'
          WHEN o.status = 'CREATED' AND (f.currency_type IS NULL OR f.currency_type = 'null' OR (f.currency_type = 'string' AND f.currency = o.currency::text))
            AND f.amount_minor = o.amount_minor
            AND NOT EXISTS (
              SELECT 1 FROM discrepancies d
              WHERE d.type = 'missing_internal' AND d.status IN ('open', 'waiting') AND d.provider = f.provider AND d.provider_transaction_id = f.transaction_id)
          THEN 'pay'
        END AS verdict
      FROM g
      JOIN m f ON f.id = g.first_id
      JOIN key_orders k ON k.provider = f.provider AND k.dedupe_key = f.dedupe_key AND k.orders = 1
      JOIN orders o ON o.order_no = g.order_no
      LEFT JOIN payment_events pe ON pe.provider = f.provider AND pe.dedupe_key = f.dedupe_key
    ),
    decided AS (
      SELECT m.id,
        CASE WHEN v.verdict = 'pay' AND m.id = v.first_id THEN 'applied' ELSE 'duplicate' END AS outcome,
        CASE WHEN v.verdict = 'pay' AND m.id = v.first_id THEN 'CREATED → PAID (' || m.provider_status || ')'
          ELSE 'already handled (message #' || coalesce(v.taken_by, v.first_id) || ')' END AS detail,
        CASE WHEN v.verdict = 'pay' AND m.id = v.first_id
          THEN jsonb_build_object('code', 'outcome.applied_paid', 'params', jsonb_build_object('providerStatus', m.provider_status))
          ELSE jsonb_build_object('code', 'outcome.duplicate_message', 'params', jsonb_build_object('firstMessageId', coalesce(v.taken_by, v.first_id)))
        END AS detail_coded
      FROM v JOIN m ON m.order_no = v.order_no
      WHERE v.verdict IS NOT NULL
    ),
    to_pay AS (
      SELECT v.*, coalesce(paid_at_text::timestamptz, received_at) AS paid_at FROM v WHERE verdict = 'pay'
    ),
    pay AS (
      SELECT order_id, order_no, status_before, transaction_id, provider, dedupe_key, provider_status, first_id AS callback_event_id, paid_at,
        to_char(paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS paid_at_json,
        source AS via,
        'system:' || CASE WHEN source = 'notify' THEN 'callback:' ELSE 'status-query:' END || provider AS actor_label
      FROM to_pay
    ),
    ${markOrdersPaidCtes("paid", "pay")},
    ${enqueueFulfilmentsCte("fulfilment", "paid", "callback_event_id")},
    recorded AS (
      INSERT INTO payment_events (provider, dedupe_key, callback_event_id, order_no, provider_transaction_id, provider_status, result)
      SELECT provider, dedupe_key, callback_event_id, order_no, transaction_id, provider_status, 'applied' FROM pay ORDER BY callback_event_id
    ),
    ${messageOutcomesCte("outcomes", "decided")}
    SELECT (SELECT count(*) FROM pay)::int AS to_pay, (SELECT count(*) FROM paid)::int AS paid, (SELECT array_agg(id) FROM outcomes)::text AS done`;
}
