import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { JobStatus } from "@/lib/enums";
import type { Reason } from "@/lib/reasons";
import { timestamps } from "./_columns";
import { orders } from "./orders";

export const jobs = pgTable(
  "jobs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    type: text().notNull(),
    payload: jsonb().notNull(),
    status: text().$type<JobStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull(),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedBy: text(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    /** lastError as a code with parameters (lib/reasons.ts); null for unexpected errors and older rows. */
    lastErrorCoded: jsonb().$type<Reason>(),
    dedupeKey: text(),
    // Set for work about one order (fulfilment, status queries); null for housekeeping (docs/adr/0005).
    orderNo: text().references(() => orders.orderNo, { onDelete: "restrict" }),
    finishedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // claim loop: due pending jobs in run_at order
    index("jobs_pending_run_at_idx").on(t.runAt).where(sql`${t.status} = 'pending'`),
    // lease recovery: running jobs whose worker died
    index("jobs_running_locked_until_idx").on(t.lockedUntil).where(sql`${t.status} = 'running'`),
    // jobs page: one status tab, newest first (keyset order: id desc), and its capped tab count
    index("jobs_status_id_idx").on(t.status, t.id.desc()),
    // jobs page filtered by type: one status tab newest first, tab counts, distinct types (loose scan); replay by filter
    index("jobs_type_status_id_idx").on(t.type, t.status, t.id.desc()),
    // order page timeline
    index("jobs_order_no_idx").on(t.orderNo),
    // enqueue idempotency (e.g. one fulfilment per order, one schedule slot)
    uniqueIndex("jobs_dedupe_key_idx").on(t.dedupeKey),
  ],
);

export const jobAttempts = pgTable(
  "job_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    // Attempts are part of their job: they go when it goes.
    jobId: bigint({ mode: "number" })
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    attempt: integer().notNull(),
    workerId: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }),
    ok: boolean(),
    error: text(),
    /** error as a code with parameters; null for unexpected errors and older rows. */
    errorCoded: jsonb().$type<Reason>(),
    detail: jsonb(),
    durationMs: integer(),
    ...timestamps,
  },
  (t) => [
    // job detail and order timeline: attempts of a job in order
    index("job_attempts_job_id_attempt_idx").on(t.jobId, t.attempt),
  ],
);

/** Recurring work (janitor sweep, later metrics and T+1): one row per schedule, claimed like a job. */
export const schedules = pgTable("schedules", {
  name: text().primaryKey(),
  jobType: text().notNull(),
  intervalMs: bigint({ mode: "number" }).notNull(),
  nextRunAt: timestamp({ withTimezone: true }).notNull(),
  enabled: boolean().notNull().default(true),
  ...timestamps,
});

export type Job = typeof jobs.$inferSelect;
export type JobAttempt = typeof jobAttempts.$inferSelect;
