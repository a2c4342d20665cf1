import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import type { Env } from "@/server/env";
import { enqueue } from "@/server/jobs/enqueue";
import { statusQueryJob } from "./status-query-job";

/**
 * Step 0 runs JANITOR_AFTER after the order was created; step k+1 runs JANITOR_SCHEDULE[k] after step k.
 * One job per (order, step): replaying or racing never doubles a step.
 */
export function scheduleStatusQuery(tx: Db, order: Pick<Order, "orderNo">, step: number, runAt: Date) {
  return enqueue(tx, statusQueryJob, { orderNo: order.orderNo, step }, { runAt, dedupeKey: `status-query:${order.orderNo}:${step}`, orderNo: order.orderNo });
}

export function scheduleFirstStatusQuery(tx: Db, order: Pick<Order, "orderNo" | "createdAt">, env: Env) {
  return scheduleStatusQuery(tx, order, 0, new Date(order.createdAt.getTime() + env.JANITOR_AFTER));
}
