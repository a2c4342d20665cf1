import "server-only";
import type { Db } from "@/db/client";
import { jobs, type Order } from "@/db/schema";
import { enqueue } from "@/server/jobs/enqueue";
import { fulfilmentJob } from "./fulfilment-job";

/** One fulfilment job per order, ever: the dedupe key makes a second enqueue a no-op. */
export function enqueueFulfilment(tx: Db, order: Order) {
  return enqueue(tx, fulfilmentJob, { orderNo: order.orderNo }, { dedupeKey: `fulfil:${order.orderNo}`, orderNo: order.orderNo });
}

/** enqueueFulfilment for many orders in one insert (the callback inbox applies batches). */
export async function enqueueFulfilments(tx: Db, paid: Order[]): Promise<void> {
  if (paid.length === 0) return;
  const maxAttempts = fulfilmentJob.retrySchedule().length + 1;
  await tx
    .insert(jobs)
    .values(paid.map((o) => ({ type: fulfilmentJob.type, payload: { orderNo: o.orderNo }, maxAttempts, dedupeKey: `fulfil:${o.orderNo}`, orderNo: o.orderNo })))
    .onConflictDoNothing();
}
