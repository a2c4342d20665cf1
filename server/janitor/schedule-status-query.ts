import "server-only";
import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import type { Env } from "@/server/env";
import { scheduleStatusQuery } from "./status-query-job";

/** The first janitor step of a newly registered order: JANITOR_AFTER after it was created. */
export function scheduleFirstStatusQuery(tx: Db, order: Pick<Order, "orderNo" | "createdAt">, env: Env) {
  return scheduleStatusQuery(tx, order, 0, new Date(order.createdAt.getTime() + env.JANITOR_AFTER));
}
