import "server-only";
import { and, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts, signInThrottles } from "@/db/schema";
import { getEnv } from "@/server/env";
import { defineJob } from "@/server/jobs/types";
import { MAX_LOCK_MS } from "./sign-in-throttle";

/** How long the per-attempt sign-in log is kept for forensics. */
export const SIGN_IN_ATTEMPT_RETENTION_MS = 90 * 24 * 60 * 60_000;

/**
 * Deletes throttle rows that no longer change anything (window over, no lock within the last day, so their
 * doubling is forgotten anyway: a missing row behaves the same) and attempt log rows past retention. Every
 * sign-in with a new e-mail creates a row, so without this the table grows with whatever attackers type.
 */
export async function pruneSignInRecords(db: Db, now = new Date()): Promise<{ throttles: number; attempts: number }> {
  const env = getEnv();
  const throttles = await db
    .delete(signInThrottles)
    .where(
      and(
        lte(signInThrottles.windowStartedAt, new Date(now.getTime() - env.SIGNIN_WINDOW)),
        or(isNull(signInThrottles.lockedUntil), lte(signInThrottles.lockedUntil, new Date(now.getTime() - MAX_LOCK_MS))),
      ),
    )
    .returning({ one: sql`1` });
  const attempts = await db
    .delete(signInAttempts)
    .where(lte(signInAttempts.createdAt, new Date(now.getTime() - SIGN_IN_ATTEMPT_RETENTION_MS)))
    .returning({ id: signInAttempts.id });
  return { throttles: throttles.length, attempts: attempts.length };
}

export const PRUNE_SIGN_IN_SCHEDULE = { name: "auth.prune-sign-in-records", intervalMs: 60 * 60 * 1000 };

/** Hourly, through the schedules table: keeps the throttle table the size of current activity. */
export const pruneSignInRecordsJob = defineJob<{ schedule?: string }>({
  type: "auth.prune-sign-in-records",
  retrySchedule: () => [],
  run: async ({ db }) => pruneSignInRecords(db),
});
