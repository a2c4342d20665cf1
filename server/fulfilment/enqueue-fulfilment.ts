import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import { enqueue } from "@/server/jobs/enqueue";
import { fulfilmentJob } from "./fulfilment-job";

/** One fulfilment job per order, ever: the dedupe key makes a second enqueue a no-op. */
export function enqueueFulfilment(tx: Db, order: Order) {
  return enqueue(tx, fulfilmentJob, { orderNo: order.orderNo }, { dedupeKey: `fulfil:${order.orderNo}`, orderNo: order.orderNo });
}
