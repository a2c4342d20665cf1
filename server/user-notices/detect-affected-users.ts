import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { NoticeSituation } from "@/lib/user-notices";
import { rowsOf } from "@/server/lib/sql";
import type { NoticeCandidate } from "./create-notices";

/** Only recent trouble is told: an order from last week is CS's, not a push's. */
export const DETECTION_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** Provider status words that mean "paid" (server/providers/*\/build-notification.ts). */
const PAID_STATUSES = ["TRADE_SUCCESS", "TRADE_FINISHED", "SUCCESS", "payment_intent.succeeded"];

/**
 * Affected users from our own data, oldest first:
 * - paid_not_updated: the provider took the money (the order is PAID, or a verified paid callback or status
 *   query for it is stored but not applied) at least `noticeAfterMs` ago, and the order is not fulfilled;
 * - duplicate_charge: a duplicate-payment discrepancy (told at once: no wait);
 * - cannot_complete: paid after the order closed (the money goes back), or fulfilment given up (the order was
 *   flagged after its last webhook attempt: a person completes it).
 * Orders already noticed for the situation are left out here, and the unique index leaves them out for sure.
 */
export async function detectAffectedUsers(db: Db, opts: { now: Date; noticeAfterMs: number }): Promise<NoticeCandidate[]> {
  const since = new Date(opts.now.getTime() - DETECTION_LOOKBACK_MS).toISOString();
  const cutoff = new Date(opts.now.getTime() - opts.noticeAfterMs).toISOString();
  const paidStatuses = sql.join(PAID_STATUSES.map((s) => sql`${s}`), sql`, `);
  const rows = rowsOf<{ order_no: string; situation: NoticeSituation; paid_after_close: boolean }>(
    await db.execute(sql`
      WITH found AS (
        SELECT o.order_no, 'paid_not_updated' AS situation, false AS paid_after_close, o.paid_at AS at
          FROM orders o
         WHERE o.status = 'PAID' AND o.paid_at <= ${cutoff}::timestamptz AND o.paid_at > ${since}::timestamptz
        UNION ALL
        SELECT o.order_no, 'paid_not_updated', false, min(c.received_at)
          FROM orders o JOIN callback_events c ON c.order_no = o.order_no
         WHERE o.status = 'CREATED' AND c.verification = 'verified' AND c.provider_status IN (${paidStatuses})
           AND c.outcome IN ('received', 'error', 'unknown_order')
           AND c.received_at <= ${cutoff}::timestamptz AND c.received_at > ${since}::timestamptz
         GROUP BY o.order_no
        UNION ALL
        SELECT d.order_no, 'duplicate_charge', false, min(d.detected_at)
          FROM discrepancies d
         WHERE d.type = 'duplicate_payment' AND d.detected_at > ${since}::timestamptz
         GROUP BY d.order_no
        UNION ALL
        SELECT d.order_no, 'cannot_complete', true, min(d.detected_at)
          FROM discrepancies d
         WHERE d.type = 'paid_after_close' AND d.detected_at > ${since}::timestamptz
         GROUP BY d.order_no
        UNION ALL
        SELECT o.order_no, 'cannot_complete', false, o.updated_at
          FROM orders o
         WHERE o.status = 'PAID' AND o.needs_review AND o.review_reason_coded->>'code' = 'order.fulfilment_failed'
           AND o.updated_at > ${since}::timestamptz
      )
      SELECT DISTINCT ON (f.order_no, f.situation) f.order_no, f.situation, f.paid_after_close
        FROM found f
       WHERE NOT EXISTS (SELECT 1 FROM user_notices n WHERE n.order_no = f.order_no AND n.situation = f.situation AND n.kind = 'initial')
       ORDER BY f.order_no, f.situation, f.paid_after_close DESC, f.at`),
  );
  return rows.map((r) => ({ orderNo: r.order_no, situation: r.situation, kind: "initial" as const, paidAfterClose: r.paid_after_close }));
}

/** Orders told about a delay or a failure that are now fulfilled, without their follow-up yet. */
export async function detectFollowUps(db: Db): Promise<NoticeCandidate[]> {
  const rows = rowsOf<{ order_no: string; situation: NoticeSituation }>(
    await db.execute(sql`
      SELECT DISTINCT ON (n.order_no) n.order_no, n.situation
        FROM user_notices n JOIN orders o ON o.order_no = n.order_no
       WHERE n.kind = 'initial' AND n.status = 'sent' AND n.situation IN ('paid_not_updated', 'cannot_complete', 'payment_delayed')
         AND o.status = 'FULFILLED'
         AND NOT EXISTS (SELECT 1 FROM user_notices f WHERE f.order_no = n.order_no AND f.kind = 'follow_up')
       ORDER BY n.order_no, n.created_at`),
  );
  return rows.map((r) => ({ orderNo: r.order_no, situation: r.situation, kind: "follow_up" as const }));
}
