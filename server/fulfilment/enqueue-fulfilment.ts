import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import { enqueue } from "@/server/jobs/enqueue";
import { columnsOf } from "@/server/lib/sql";
import { fulfilmentJob } from "./fulfilment-job";

/** One fulfilment job per order, ever: the dedupe key makes a second enqueue a no-op. */
export function enqueueFulfilment(tx: Db, order: Order) {
  return enqueue(tx, fulfilmentJob, { orderNo: order.orderNo }, { dedupeKey: `fulfil:${order.orderNo}`, orderNo: order.orderNo });
}

/** enqueueFulfilment for many orders in one insert (the callback inbox applies batches), due now. */
export async function enqueueFulfilments(tx: Db, paid: Order[]): Promise<void> {
  if (paid.length === 0) return;
  const maxAttempts = fulfilmentJob.retrySchedule().length + 1;
  await tx.execute(sql`
    INSERT INTO jobs (type, payload, max_attempts, dedupe_key, order_no)
    SELECT ${fulfilmentJob.type}::text, jsonb_build_object('orderNo', o.order_no), ${maxAttempts}::int, 'fulfil:' || o.order_no, o.order_no
    FROM unnest(${columnsOf(paid)((o) => o.orderNo)}::text[]) AS o(order_no)
    ON CONFLICT DO NOTHING`);
}
