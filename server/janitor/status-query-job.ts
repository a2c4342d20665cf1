import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, type Order } from "@/db/schema";
import { systemActor, writeAudit } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { defineJob, JobAttemptError } from "@/server/jobs/types";
import { loadOrder } from "@/server/orders/load-order";
import { runStatusQuery } from "./run-status-query";
import { scheduleStatusQuery } from "./schedule-status-query";

export interface StatusQueryPayload {
  orderNo: string;
  step: number;
}

/**
 * The janitor: an order still CREATED is queried at each step of its schedule. Paid → applied like a
 * callback; closed → closed; not paid and expired → closed; still unknown after the last step →
 * flagged for review. A step whose query fails schedules the next step anyway, then fails (visible in
 * the jobs list) — it is not retried in place, the schedule is the retry.
 */
export const statusQueryJob = defineJob<StatusQueryPayload>({
  type: "order.status-query",
  retrySchedule: () => [],
  async run({ db, signal }, { orderNo, step }) {
    const order = await loadOrder(db, orderNo);
    if (!order) return { skipped: "order not found" };
    if (order.status !== "CREATED") return { skipped: `order is ${order.status}` };
    let queryError: string | undefined;
    let result: Awaited<ReturnType<typeof runStatusQuery>> | undefined;
    try {
      result = await runStatusQuery(db, order, signal);
    } catch (e) {
      queryError = (e as Error).message;
    }
    const after = (await loadOrder(db, orderNo)) ?? order;
    const summary: Record<string, unknown> = { step, result: result?.kind === "applied" ? result.apply.outcome : (result?.kind ?? "error") };
    if (after.status === "CREATED") summary.next = await continueOrGiveUp(db, after, step);
    if (queryError) throw new JobAttemptError(`status query failed: ${queryError}`, summary);
    return summary;
  },
});

async function continueOrGiveUp(db: Db, order: Order, step: number): Promise<string> {
  const env = getEnv();
  const now = new Date();
  if (order.expiresAt && order.expiresAt <= now) {
    return db.transaction(async (tx) => {
      const [closed] = await tx
        .update(orders)
        .set({ status: "CLOSED", closedAt: now, closeReason: "expired; provider reports no payment" })
        .where(and(eq(orders.id, order.id), eq(orders.status, "CREATED")))
        .returning();
      if (closed) {
        await writeAudit(tx, systemActor("janitor"), { action: "order.closed", entityType: "order", entityId: order.orderNo, before: { status: "CREATED" }, after: { status: "CLOSED", reason: "expired" } });
      }
      return "closed (expired)";
    });
  }
  const wait = env.JANITOR_SCHEDULE[step];
  if (wait !== undefined) {
    await scheduleStatusQuery(db, order, step + 1, new Date(now.getTime() + wait));
    return `query again in ${wait}ms`;
  }
  return db.transaction(async (tx) => {
    const reason = `no payment confirmation after ${step + 1} status queries`;
    const [flagged] = await tx
      .update(orders)
      .set({ needsReview: true, reviewReason: reason })
      .where(and(eq(orders.id, order.id), eq(orders.status, "CREATED"), eq(orders.needsReview, false)))
      .returning();
    if (flagged) await writeAudit(tx, systemActor("janitor"), { action: "order.needs_review", entityType: "order", entityId: order.orderNo, after: { reason } });
    return "needs review";
  });
}
