import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobAttempts, jobs, type Job } from "@/db/schema";
import { reason as coded, type Reason } from "@/lib/reasons";
import { getEnv } from "@/server/env";
import { log } from "@/server/lib/log";
import { rowsOf } from "@/server/lib/sql";
import { nextDelay } from "./backoff";
import { runDueSchedules } from "./schedules";
import { JobAttemptError, type JobRegistry } from "./types";

interface RawJob {
  id: number | string;
  type: string;
  payload: unknown;
  status: Job["status"];
  attempts: number;
  max_attempts: number;
  run_at: string | Date;
  locked_by: string | null;
  locked_until: string | Date | null;
  last_error: string | null;
  last_error_coded: Reason | string | null;
  dedupe_key: string | null;
  order_no: string | null;
  finished_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const toDate = (v: string | Date | null) => (v == null ? null : v instanceof Date ? v : new Date(v));

function fromRaw(r: RawJob): Job {
  return {
    id: Number(r.id),
    type: r.type,
    payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: toDate(r.run_at)!,
    lockedBy: r.locked_by,
    lockedUntil: toDate(r.locked_until),
    lastError: r.last_error,
    lastErrorCoded: typeof r.last_error_coded === "string" ? (JSON.parse(r.last_error_coded) as Reason) : (r.last_error_coded ?? null),
    dedupeKey: r.dedupe_key,
    orderNo: r.order_no,
    finishedAt: toDate(r.finished_at),
    createdAt: toDate(r.created_at)!,
    updatedAt: toDate(r.updated_at)!,
  };
}

/**
 * Claims up to `limit` due jobs for `workerId`. SKIP LOCKED lets any number of workers claim concurrently
 * without blocking each other or taking the same row; a running job whose lease ran out (its worker died)
 * is due again.
 */
export async function claimJobs(db: Db, workerId: string, limit: number, leaseMs: number): Promise<Job[]> {
  const result = await db.execute(sql`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = now() + (${leaseMs} * interval '1 millisecond'), updated_at = now()
    WHERE id IN (
      SELECT id FROM jobs
      WHERE (status = 'pending' AND run_at <= now())
         OR (status = 'running' AND locked_until < now())
      ORDER BY run_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`);
  return rowsOf<RawJob>(result).map(fromRaw);
}

/** Runs one claimed job to completion, failure with retry, or the dead letter. Never throws. */
export async function runClaimedJob(db: Db, registry: JobRegistry, job: Job, workerId: string): Promise<"succeeded" | "retry" | "dead" | "lost"> {
  const def = registry.get(job.type);
  const startedAt = new Date();
  const [attemptRow] = await db
    .insert(jobAttempts)
    .values({ jobId: job.id, attempt: job.attempts, workerId, startedAt })
    .returning({ id: jobAttempts.id });
  const controller = new AbortController();
  let detail: Record<string, unknown> | undefined;
  let error: string | undefined;
  let errorCoded: Reason | null = null;
  try {
    if (!def) throw new JobAttemptError(`no handler registered for job type "${job.type}"`, undefined, coded("job.no_handler", { jobType: job.type }));
    detail = (await def.run({ db, job, workerId, signal: controller.signal }, job.payload as never)) ?? undefined;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    detail = e instanceof JobAttemptError ? e.detail : undefined;
    // Unexpected errors have no code: their message is all there is, shown as is.
    errorCoded = e instanceof JobAttemptError ? (e.reason ?? null) : null;
  }
  const finishedAt = new Date();
  const durationMs = finishedAt.getTime() - startedAt.getTime();
  const attemptDone = { finishedAt, ok: !error, error: error ?? null, errorCoded, detail: detail ?? null, durationMs };

  // Every update below is conditional on still holding the claim: if our lease ran out and another worker
  // re-claimed the job, its attempt number moved on and we must not overwrite its state. The attempt log
  // and the job's new state commit together, so a worker killed in between leaves neither.
  const stillOurs = and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.lockedBy, workerId), eq(jobs.attempts, job.attempts));
  const finish = (set: Partial<typeof jobs.$inferInsert>, after?: (tx: Db, row: Job) => Promise<void>) =>
    db.transaction(async (tx) => {
      await tx.update(jobAttempts).set(attemptDone).where(eq(jobAttempts.id, attemptRow!.id));
      const [row] = await tx.update(jobs).set(set).where(stillOurs).returning();
      if (row && after) await after(tx, row);
      return Boolean(row);
    });

  if (!error) {
    const done = await finish({ status: "succeeded", finishedAt, lockedBy: null, lockedUntil: null, lastError: null, lastErrorCoded: null });
    if (!done) log.warn("job finished after its lease was lost", { jobId: job.id, type: job.type });
    return done ? "succeeded" : "lost";
  }
  log.warn("job attempt failed", { jobId: job.id, type: job.type, attempt: job.attempts, error });
  if (job.attempts >= job.maxAttempts) {
    const deadSet = { status: "dead" as const, finishedAt, lockedBy: null, lockedUntil: null, lastError: error, lastErrorCoded: errorCoded };
    try {
      return (await finish(deadSet, def?.onDead ? (tx, row) => def.onDead!(tx, row, job.payload as never) : undefined)) ? "dead" : "lost";
    } catch (e) {
      // The dead-letter hook failed: dead-letter anyway (its side effect is lost, and said so), rather
      // than leave the job running until its lease expires and run a handler that already gave up.
      log.error("onDead hook failed; job dead-lettered without it", { jobId: job.id, type: job.type, error: e });
      return (await finish({ ...deadSet, lastError: `${error}; onDead failed: ${(e as Error).message}`, lastErrorCoded: null })) ? "dead" : "lost";
    }
  }
  const delay = nextDelay(def?.retrySchedule() ?? getEnv().JOB_DEFAULT_RETRY_SCHEDULE, job.attempts);
  const retried = await finish({ status: "pending", runAt: new Date(finishedAt.getTime() + delay), lockedBy: null, lockedUntil: null, lastError: error, lastErrorCoded: errorCoded });
  return retried ? "retry" : "lost";
}

export interface TickOptions {
  workerId: string;
  /** Stop claiming once this many jobs ran (serverless tick). */
  maxJobs?: number;
  /** Stop claiming after this many milliseconds (serverless tick). */
  budgetMs?: number;
  concurrency?: number;
}

export interface TickResult {
  ran: number;
  succeeded: number;
  retried: number;
  dead: number;
  lost: number;
  schedulesFired: number;
}

/** Fires due schedules, then claims and runs due jobs until none are due or the budget is spent. */
export async function runTick(db: Db, registry: JobRegistry, opts: TickOptions): Promise<TickResult> {
  const env = getEnv();
  const started = Date.now();
  const result: TickResult = { ran: 0, succeeded: 0, retried: 0, dead: 0, lost: 0, schedulesFired: 0 };
  result.schedulesFired = await runDueSchedules(db);
  const concurrency = opts.concurrency ?? env.WORKER_CONCURRENCY;
  const maxJobs = opts.maxJobs ?? Number.POSITIVE_INFINITY;
  while (result.ran < maxJobs && Date.now() - started < (opts.budgetMs ?? Number.POSITIVE_INFINITY)) {
    const claimed = await claimJobs(db, opts.workerId, Math.min(concurrency, maxJobs - result.ran), env.JOB_LEASE);
    if (claimed.length === 0) break;
    const outcomes = await Promise.all(claimed.map((job) => runClaimedJob(db, registry, job, opts.workerId)));
    for (const o of outcomes) {
      result.ran++;
      if (o === "succeeded") result.succeeded++;
      else if (o === "retry") result.retried++;
      else if (o === "dead") result.dead++;
      else result.lost++;
    }
  }
  return result;
}
