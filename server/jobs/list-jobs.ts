import "server-only";
import { and, asc, count, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { JOB_STATUSES, type JobStatus } from "@/lib/enums";
import { jobs, type Job } from "@/db/schema";

export interface ListJobsInput {
  status?: JobStatus;
  type?: string;
  orderNo?: string;
  /** Keyset cursor: id of the last row of the previous page (ids are monotonic). */
  cursor?: number;
  limit?: number;
}

export interface ListJobsResult {
  items: Job[];
  nextCursor: number | null;
  /** Per status, for the tabs; restricted by type/orderNo but not by status. */
  counts: Record<JobStatus, number>;
  types: string[];
}

/** Jobs page: one status tab at a time, newest first, with counts for every tab. */
export async function listJobs(db: Db, input: ListJobsInput): Promise<ListJobsResult> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const scope: (SQL | undefined)[] = [
    input.type ? eq(jobs.type, input.type) : undefined,
    input.orderNo ? eq(jobs.orderNo, input.orderNo) : undefined,
  ];
  const rows = await db
    .select()
    .from(jobs)
    .where(and(...scope, input.status ? eq(jobs.status, input.status) : undefined, input.cursor ? lt(jobs.id, input.cursor) : undefined))
    .orderBy(desc(jobs.id))
    .limit(limit + 1);
  const countRows = await db
    .select({ status: jobs.status, n: count() })
    .from(jobs)
    .where(and(...scope))
    .groupBy(jobs.status);
  const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  for (const r of countRows) counts[r.status] = Number(r.n);
  const typeRows = await db.selectDistinct({ type: jobs.type }).from(jobs).orderBy(asc(jobs.type));
  const items = rows.slice(0, limit);
  return {
    items,
    nextCursor: rows.length > limit ? items[items.length - 1]!.id : null,
    counts,
    types: typeRows.map((r) => r.type),
  };
}

