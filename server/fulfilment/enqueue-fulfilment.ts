import "server-only";
import { sql, type SQL } from "drizzle-orm";
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
  await tx.execute(insertJobsFrom(sql`unnest(${columnsOf(paid)((o) => o.orderNo)}::text[]) AS o(order_no)`, sql``));
}

/** One job per order of `from` (a relation `o` with order_no), due now; an order's second job is a no-op. */
function insertJobsFrom(from: SQL, orderBy: SQL): SQL {
  const maxAttempts = fulfilmentJob.retrySchedule().length + 1;
  return sql`
    INSERT INTO jobs (type, payload, max_attempts, dedupe_key, order_no)
    SELECT ${fulfilmentJob.type}::text, jsonb_build_object('orderNo', o.order_no), ${maxAttempts}::int, 'fulfil:' || o.order_no, o.order_no
    FROM ${from} ${orderBy}
    ON CONFLICT DO NOTHING`;
}

/**
 * enqueueFulfilments as a CTE `${name}` of the caller's statement, for the orders of its relation `source`
 * (column order_no), written in the order of its column `orderBy`.
 */
export function enqueueFulfilmentsCte(name: string, source: string, orderBy: string): SQL {
  return sql`${sql.raw(name)} AS (${insertJobsFrom(sql`${sql.raw(source)} o`, sql`ORDER BY o.${sql.raw(orderBy)}`)})`;
}
