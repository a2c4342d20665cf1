import "server-only";
import { and, asc, eq, lt, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { discrepancies, orders } from "@/db/schema";
import { reason as coded } from "@/lib/reasons";
import { systemActor, writeAudits } from "@/server/audit/write-audit";
import type { Env } from "@/server/env";
import { flagOrderForReview } from "@/server/orders/flag-order-for-review";

const actor = systemActor("pending-review");
const BATCH = 500;

/**
 * The two "pending review" lists of issue 11, counted for the reconciliation page: orders still unpaid after
 * the janitor's last status query (flagged by the janitor), and orders paid but not fulfilled — flagged by
 * this sweep after FULFIL_SLA, or by the fulfilment job when notifying the merchant kept failing.
 */
export async function countPendingReview(db: Db): Promise<{ unpaidAfterJanitor: number; unfulfilled: number }> {
  const [row] = await db
    .select({
      unpaidAfterJanitor: sql<number>`count(*) filter (where ${orders.status} = 'CREATED')::int`,
      unfulfilled: sql<number>`count(*) filter (where ${orders.status} = 'PAID')::int`,
    })
    .from(orders)
    .where(eq(orders.needsReview, true));
  return { unpaidAfterJanitor: Number(row?.unpaidAfterJanitor ?? 0), unfulfilled: Number(row?.unfulfilled ?? 0) };
}

/**
 * Flags orders paid at the provider (PAID) but not fulfilled within FULFIL_SLA of their payment, through
 * the order module's flag verb (guarded on the status it read: an order fulfilled meanwhile is not flagged).
 * Orders already flagged for any reason are left as they are: they are already pending review. Idempotent.
 */
export async function flagUnfulfilledOrders(db: Db, env: Pick<Env, "FULFIL_SLA">, now: Date = new Date()): Promise<{ flagged: number }> {
  const cutoff = new Date(now.getTime() - env.FULFIL_SLA);
  const minutes = Math.round(env.FULFIL_SLA / 60_000);
  let flagged = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(orders)
        .where(and(eq(orders.status, "PAID"), eq(orders.needsReview, false), lte(orders.paidAt, cutoff)))
        .orderBy(asc(orders.paidAt))
        .limit(BATCH)
        .for("update", { skipLocked: true });
      let n = 0;
      for (const order of due) {
        const done = await flagOrderForReview(tx, actor, order, {
          reason: `paid, but not fulfilled within ${minutes} minutes`,
          coded: coded("order.unfulfilled_after_sla", { minutes }),
          detail: { paidAt: order.paidAt, slaMs: env.FULFIL_SLA },
        });
        if (done) n++;
      }
      return { seen: due.length, flagged: n };
    });
    flagged += batch.flagged;
    if (batch.seen < BATCH) return { flagged };
  }
}

/**
 * Real-time items that waited out RECON_GRACE without being settled (a payment for an order that was never
 * registered) become exceptions: status waiting → open, audited.
 */
export async function openExpiredWaiting(db: Db, now: Date = new Date()): Promise<{ opened: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(discrepancies)
      .set({ status: "open", updatedAt: now })
      .where(and(eq(discrepancies.status, "waiting"), eq(discrepancies.source, "realtime"), lt(discrepancies.graceUntil, now)))
      .returning({ id: discrepancies.id, type: discrepancies.type });
    await writeAudits(
      tx,
      rows.map((r) => ({ actor, entry: { action: "discrepancy.grace_expired", entityType: "discrepancy", entityId: String(r.id), before: { status: "waiting" }, after: { status: "open", type: r.type } } })),
    );
    return { opened: rows.length };
  });
}
