import "server-only";
import { and, asc, eq, gte, inArray, isNull, like, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  auditLogs,
  callbackEvents,
  discrepancies,
  jobAttempts,
  jobs,
  orders,
  type Discrepancy,
  type Job,
  type JobAttempt,
  type Order,
} from "@/db/schema";
import { callbackSummaryColumns, toCallbackSummary, type CallbackSummary } from "@/server/callbacks/callback-summary";
import { NotFoundError } from "@/server/lib/errors";
import { keyset, type KeysetSort } from "@/server/lib/keyset";
import { rowsOf } from "@/server/lib/sql";

type AuditRow = typeof auditLogs.$inferSelect;

export type TimelineItem =
  | { kind: "callback"; at: Date; callback: CallbackSummary }
  | { kind: "job_attempt"; at: Date; job: Pick<Job, "id" | "type" | "status">; attempt: JobAttempt }
  | { kind: "discrepancy"; at: Date; discrepancy: Discrepancy }
  | { kind: "audit"; at: Date; audit: AuditRow };

export interface OrderDetail {
  order: Order;
  /** Verified messages about this order, body previews only (callback.body loads one in full). */
  callbacks: CallbackSummary[];
  /** Rejected, malformed or unprocessed messages that name the order (capped count); paged by listProblemMessages. */
  problemMessages: { count: number; capped: boolean };
  jobs: { job: Job; attempts: JobAttempt[] }[];
  discrepancies: Discrepancy[];
  audit: AuditRow[];
  /** Everything above, oldest first: what happened to this order, in order. */
  timeline: TimelineItem[];
}

// Rejected and malformed messages have no extracted facts (orderNo is null), yet an agent needs to see
// "the provider did call, we refused it". We look for the order number in their raw body, only among
// messages received since shortly before the order existed, which the received_at index bounds. Anyone can
// post such messages (they are unsigned by definition), so they are never loaded with the page: the page
// gets their count (counted up to PROBLEM_COUNT_CAP) and pages through previews on request.
const UNPARSED_LOOKBACK_MS = 60 * 60_000;
const MAX_ROWS = 500;
export const PROBLEM_PAGE_SIZE = 20;
const PROBLEM_COUNT_CAP = 10_000;

function mentionsOrder(order: Order): SQL {
  const escaped = order.orderNo.replace(/[%_\\]/g, "\\$&");
  // The LIKE narrows cheaply; the regex then insists on a whole token, so D-1 does not match D-10.
  const token = `(^|[^A-Za-z0-9_*-])${order.orderNo.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}([^A-Za-z0-9_*-]|$)`;
  return and(
    isNull(callbackEvents.orderNo),
    gte(callbackEvents.receivedAt, new Date(order.createdAt.getTime() - UNPARSED_LOOKBACK_MS)),
    like(callbackEvents.body, `%${escaped}%`),
    sql`${callbackEvents.body} ~ ${token}`,
  )!;
}

async function loadOrder(db: Db, orderNo: string): Promise<Order> {
  const [order] = await db.select().from(orders).where(eq(orders.orderNo, orderNo));
  if (!order) throw new NotFoundError(`order ${orderNo} not found`);
  return order;
}

export interface ProblemMessagesPage {
  items: CallbackSummary[];
  /** Opaque keyset cursor (server/lib/keyset.ts); pass it back for the next (older) page. */
  nextCursor: string | null;
}

const problemMessagesNewestFirst: KeysetSort = { name: "order.problemMessages", keys: [{ expr: callbackEvents.id, kind: "bigint" }], direction: "desc" };

/** Rejected/malformed/unprocessed messages naming the order, newest first, PROBLEM_PAGE_SIZE previews per page. */
export async function listProblemMessages(db: Db, orderNo: string, cursor?: string): Promise<ProblemMessagesPage> {
  const order = await loadOrder(db, orderNo);
  const ks = keyset(problemMessagesNewestFirst, cursor, PROBLEM_PAGE_SIZE);
  const rows = await db
    .select({ ...callbackSummaryColumns, ...ks.select })
    .from(callbackEvents)
    .where(and(mentionsOrder(order), ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  const page = ks.page(rows);
  return { items: page.items.map(toCallbackSummary), nextCursor: page.nextCursor };
}

export async function getOrderDetail(db: Db, orderNo: string): Promise<OrderDetail> {
  const order = await loadOrder(db, orderNo);

  const callbacks = (
    await db
      .select(callbackSummaryColumns)
      .from(callbackEvents)
      .where(and(eq(callbackEvents.orderNo, orderNo), eq(callbackEvents.verification, "verified")))
      .orderBy(asc(callbackEvents.receivedAt), asc(callbackEvents.id))
      .limit(MAX_ROWS)
  ).map(toCallbackSummary);

  const [counted] = rowsOf<{ n: number | string }>(
    await db.execute(
      sql`select count(*)::int as n from (select 1 from ${callbackEvents} where ${mentionsOrder(order)} limit ${PROBLEM_COUNT_CAP + 1}) as problem`,
    ),
  );
  const problemCount = Number(counted?.n ?? 0);
  const problemMessages = { count: Math.min(problemCount, PROBLEM_COUNT_CAP), capped: problemCount > PROBLEM_COUNT_CAP };

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

  return { order, callbacks, problemMessages, jobs: jobsWithAttempts, discrepancies: discrepancyRows, audit, timeline };
}
