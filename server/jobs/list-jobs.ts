import "server-only";
import { and, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { JOB_STATUSES, type JobStatus } from "@/lib/enums";
import { jobs, type Job } from "@/db/schema";
import { keyset, type KeysetSort } from "@/server/lib/keyset";
import { rowsOf } from "@/server/lib/sql";

export interface ListJobsInput {
  status?: JobStatus;
  type?: string;
  orderNo?: string;
  /** Opaque keyset cursor from the previous page's nextCursor. */
  cursor?: string;
  limit?: number;
}

/**
 * Tab counts stop here: "1000+" is as useful as an exact figure that costs a scan of every job. Dead jobs
 * are counted exactly: there are few by design, and "replay all" tells how many it will requeue.
 */
export const JOB_COUNT_CAP = 1000;

export interface ListJobsResult {
  items: Job[];
  nextCursor: string | null;
  /** Per status, for the tabs; restricted by type/orderNo but not by status; above countCap means "more than". */
  counts: Record<JobStatus, number>;
  countCap: number;
  types: string[];
}

// ids are monotonic, so newest first is id desc; served by jobs_status_id_idx / jobs_type_status_id_idx.
export const jobsNewestFirst: KeysetSort = { name: "jobs.id", keys: [{ expr: jobs.id, kind: "bigint" }], direction: "desc" };

/** Jobs page: one status tab at a time, newest first, with counts for every tab. */
export async function listJobs(db: Db, input: ListJobsInput): Promise<ListJobsResult> {
  const scope: (SQL | undefined)[] = [
    input.type ? eq(jobs.type, input.type) : undefined,
    input.orderNo ? eq(jobs.orderNo, input.orderNo) : undefined,
  ];
  const ks = keyset(jobsNewestFirst, input.cursor, input.limit);
  // Three independent reads: in parallel where the driver has a pool (PostgreSQL), one after another on PGlite.
  const [rows, counts, types] = await Promise.all([
    db
      .select({ ...getTableColumns(jobs), ...ks.select })
      .from(jobs)
      .where(and(...scope, input.status ? eq(jobs.status, input.status) : undefined, ks.where))
      .orderBy(...ks.orderBy)
      .limit(ks.limit),
    countByStatus(db, and(...scope)),
    jobTypes(db),
  ]);
  return { ...ks.page(rows), counts, countCap: JOB_COUNT_CAP, types };
}

/** One count per status, each an index range read (of at most JOB_COUNT_CAP + 1 entries but for dead jobs). */
async function countByStatus(db: Db, scope: SQL | undefined): Promise<Record<JobStatus, number>> {
  const parts = JOB_STATUSES.map(
    (s) =>
      sql`select ${s}::text as status, count(*)::int as n from (select 1 from ${jobs} where ${jobs.status} = ${s}${scope ? sql` and ${scope}` : sql``}${s === "dead" ? sql`` : sql` limit ${JOB_COUNT_CAP + 1}`}) c`,
  );
  const result = await db.execute(sql.join(parts, sql` union all `));
  const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  for (const r of rowsOf<{ status: JobStatus; n: number }>(result)) counts[r.status] = Number(r.n);
  return counts;
}

/** Distinct job types by skipping through jobs_type_status_id_idx (a loose index scan), not reading every job. */
async function jobTypes(db: Db): Promise<string[]> {
  const result = await db.execute(sql`
    with recursive t(type) as (
      (select type from ${jobs} order by type limit 1)
      union all
      select (select j.type from ${jobs} j where j.type > t.type order by j.type limit 1) from t where t.type is not null
    )
    select type from t where type is not null`);
  return rowsOf<{ type: string }>(result).map((r) => r.type);
}
