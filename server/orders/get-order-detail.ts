import { and, asc, eq, gte, inArray, isNull, like, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  auditLogs,
  callbackEvents,
  discrepancies,
  jobAttempts,
  jobs,
  orders,
  type CallbackEvent,
  type Discrepancy,
  type Job,
  type JobAttempt,
  type Order,
} from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";

type AuditRow = typeof auditLogs.$inferSelect;

export type TimelineItem =
  | { kind: "callback"; at: Date; callback: CallbackEvent }
  | { kind: "job_attempt"; at: Date; job: Pick<Job, "id" | "type" | "status">; attempt: JobAttempt }
  | { kind: "discrepancy"; at: Date; discrepancy: Discrepancy }
  | { kind: "audit"; at: Date; audit: AuditRow };

export interface OrderDetail {
  order: Order;
  callbacks: CallbackEvent[];
  jobs: { job: Job; attempts: JobAttempt[] }[];
  discrepancies: Discrepancy[];
  audit: AuditRow[];
  /** Everything above, oldest first: what happened to this order, in order. */
  timeline: TimelineItem[];
}

// Rejected and malformed messages have no extracted facts (orderNo is null), yet an agent needs to see
// "the provider did call, we refused it". We look for the order number in their raw body, only among
// messages received since shortly before the order existed, which the received_at index bounds.
const UNPARSED_LOOKBACK_MS = 60 * 60_000;
const MAX_ROWS = 500;

export async function getOrderDetail(db: Db, orderNo: string): Promise<OrderDetail> {
  const [order] = await db.select().from(orders).where(eq(orders.orderNo, orderNo));
  if (!order) throw new NotFoundError(`order ${orderNo} not found`);

  const escaped = orderNo.replace(/[%_\\]/g, "\\$&");
  // The LIKE narrows cheaply; the regex then insists on a whole token, so D-1 does not match D-10.
  const token = `(^|[^A-Za-z0-9_*-])${orderNo.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}([^A-Za-z0-9_*-]|$)`;
  const callbacks = await db
    .select()
    .from(callbackEvents)
    .where(
      or(
        eq(callbackEvents.orderNo, orderNo),
        and(
          isNull(callbackEvents.orderNo),
          gte(callbackEvents.receivedAt, new Date(order.createdAt.getTime() - UNPARSED_LOOKBACK_MS)),
          like(callbackEvents.body, `%${escaped}%`),
          sql`${callbackEvents.body} ~ ${token}`,
        ),
      ),
    )
    .orderBy(asc(callbackEvents.receivedAt), asc(callbackEvents.id))
    .limit(MAX_ROWS);

  const jobRows = await db.select().from(jobs).where(eq(jobs.orderNo, orderNo)).orderBy(asc(jobs.id)).limit(MAX_ROWS);
  const attempts = jobRows.length
    ? await db
        .select()
        .from(jobAttempts)
        .where(inArray(jobAttempts.jobId, jobRows.map((j) => j.id)))
        .orderBy(asc(jobAttempts.jobId), asc(jobAttempts.attempt))
    : [];
  const jobsWithAttempts = jobRows.map((job) => ({ job, attempts: attempts.filter((a) => a.jobId === job.id) }));

  const discrepancyRows = await db.select().from(discrepancies).where(eq(discrepancies.orderNo, orderNo)).orderBy(asc(discrepancies.detectedAt));

  // Audit rows may name the order by number or by id; job replays and discrepancies are audited against their own ids.
  const audit = await db
    .select()
    .from(auditLogs)
    .where(
      or(
        and(eq(auditLogs.entityType, "order"), inArray(auditLogs.entityId, [orderNo, order.id])),
        jobRows.length ? and(eq(auditLogs.entityType, "job"), inArray(auditLogs.entityId, jobRows.map((j) => String(j.id)))) : undefined,
        discrepancyRows.length
          ? and(eq(auditLogs.entityType, "discrepancy"), inArray(auditLogs.entityId, discrepancyRows.map((d) => String(d.id))))
          : undefined,
      ),
    )
    .orderBy(asc(auditLogs.id))
    .limit(MAX_ROWS);

  const timeline: TimelineItem[] = [
    ...callbacks.map((c) => ({ kind: "callback" as const, at: c.receivedAt, callback: c })),
    ...jobsWithAttempts.flatMap(({ job, attempts: list }) =>
      list.map((a) => ({ kind: "job_attempt" as const, at: a.startedAt, job: { id: job.id, type: job.type, status: job.status }, attempt: a })),
    ),
    ...discrepancyRows.map((d) => ({ kind: "discrepancy" as const, at: d.detectedAt, discrepancy: d })),
    ...audit.map((a) => ({ kind: "audit" as const, at: a.createdAt, audit: a })),
  ];
  const rank = { callback: 0, audit: 1, job_attempt: 2, discrepancy: 3 } as const;
  // Stable on equal timestamps: a callback and the audit row it caused share a transaction's clock.
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.kind] - rank[b.kind]);

  return { order, callbacks, jobs: jobsWithAttempts, discrepancies: discrepancyRows, audit, timeline };
}
