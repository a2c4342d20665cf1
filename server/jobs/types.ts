import "server-only";
import type { Db } from "@/db/client";
import type { Job } from "@/db/schema";
import type { Reason } from "@/lib/reasons";

export interface JobContext {
  db: Db;
  job: Job;
  workerId: string;
  signal: AbortSignal;
}

export interface JobDefinition<P = unknown> {
  type: string;
  /** Waits between attempts; attempts = schedule length + 1. Read at enqueue time (env can shrink it). */
  retrySchedule: () => number[];
  /** Throw to fail the attempt. Return value is stored with the attempt (e.g. HTTP status). */
  run: (ctx: JobContext, payload: P) => Promise<Record<string, unknown> | void>;
  /** After the last attempt failed. Runs in its own transaction with the dead-letter update. */
  onDead?: (tx: Db, job: Job, payload: P) => Promise<void>;
}

export type JobRegistry = ReadonlyMap<string, JobDefinition<never>>;

export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

/**
 * A failure the job already recorded in detail; the message is enough. `reason` is the message as a code
 * with parameters (lib/reasons.ts), stored beside it for people who read another language.
 */
export class JobAttemptError extends Error {
  constructor(
    message: string,
    readonly detail?: Record<string, unknown>,
    readonly reason?: Reason,
  ) {
    super(message);
  }
}
