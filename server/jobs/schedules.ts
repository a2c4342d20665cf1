import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, schedules } from "@/db/schema";
import { rowsOf } from "@/server/lib/sql";

/** Creates or updates a recurring schedule; keeps its next run time if it already exists. */
export async function ensureSchedule(db: Db, name: string, jobType: string, intervalMs: number): Promise<void> {
  await db
    .insert(schedules)
    .values({ name, jobType, intervalMs, nextRunAt: new Date() })
    .onConflictDoUpdate({ target: schedules.name, set: { jobType, intervalMs } });
}

/**
 * Moves every due schedule to its next slot and enqueues one job for the slot that fired. The job's dedupe
 * key is the slot, so two workers racing on one schedule enqueue it once.
 */
export async function runDueSchedules(db: Db): Promise<number> {
  const due = rowsOf<{ name: string; job_type: string; slot: string }>(
    await db.execute(sql`
      UPDATE schedules s SET next_run_at = now() + (s.interval_ms * interval '1 millisecond'), updated_at = now()
      FROM (SELECT name, next_run_at FROM schedules WHERE enabled AND next_run_at <= now() FOR UPDATE SKIP LOCKED) due
      WHERE s.name = due.name
      RETURNING s.name, s.job_type, due.next_run_at::text AS slot`),
  );
  for (const row of due) {
    await db
      .insert(jobs)
      .values({ type: row.job_type, payload: { schedule: row.name }, maxAttempts: 1, dedupeKey: `schedule:${row.name}:${row.slot}` })
      .onConflictDoNothing();
  }
  return due.length;
}
