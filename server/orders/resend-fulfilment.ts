import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, orders } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { fulfilmentJob } from "@/server/fulfilment/fulfilment-job";
import { enqueue } from "@/server/jobs/enqueue";
import { ConflictError, NotFoundError } from "@/server/lib/errors";

/**
 * Sends a paid order's fulfilment again (the customer page's "resend"), when the first delivery gave up
 * (dead-lettered) and the shop is reachable again. Only a PAID order (paid, not fulfilled) qualifies, and never
 * while a fulfilment job of the order is still pending or running: two deliveries in flight would race.
 * The order row is locked so two agents clicking at once enqueue one job. The job runner does the delivery.
 */
export async function resendFulfilment(db: Db, actor: Actor, orderNo: string, now = new Date()): Promise<{ jobId: number }> {
  return db.transaction(async (tx) => {
    const [order] = await tx.select({ orderNo: orders.orderNo, status: orders.status }).from(orders).where(eq(orders.orderNo, orderNo)).for("update");
    if (!order) throw new NotFoundError("order not found");
    if (order.status !== "PAID") throw new ConflictError(`only a paid, not yet fulfilled order can be resent (this one is ${order.status})`);
    const [inFlight] = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.orderNo, orderNo), eq(jobs.type, fulfilmentJob.type), inArray(jobs.status, ["pending", "running"])))
      .limit(1);
    if (inFlight) throw new ConflictError("a fulfilment of this order is already queued");
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(jobs).where(and(eq(jobs.orderNo, orderNo), eq(jobs.type, fulfilmentJob.type)));
    // The first delivery holds the dedupe key fulfil:<orderNo>; each resend gets its own, numbered.
    const jobId = await enqueue(tx, fulfilmentJob, { orderNo }, { dedupeKey: `fulfil:${orderNo}:resend:${count?.n ?? 0}`, orderNo, runAt: now });
    if (jobId === null) throw new ConflictError("a fulfilment of this order is already queued");
    await writeAudit(tx, actor, { action: "order.resend_fulfilment", entityType: "order", entityId: orderNo, after: { jobId } });
    return { jobId };
  });
}
