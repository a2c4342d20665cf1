import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getEnv } from "@/server/env";
import { defineJob } from "@/server/jobs/types";
import { rowsOf } from "@/server/lib/sql";

/**
 * Deletes rejected and malformed messages (and their per-source counters) older than the retention
 * period. Verified messages — the evidence behind every payment — are never deleted here.
 */
export async function purgeRejectedMessages(db: Db, opts: { now?: Date; retentionMs?: number } = {}): Promise<{ messages: number; counters: number }> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - (opts.retentionMs ?? getEnv().CALLBACK_REJECTED_RETENTION));
  const messages = rowsOf<{ n: number | string }>(
    await db.execute(sql`
      WITH gone AS (
        DELETE FROM callback_events
        WHERE verification IN ('rejected', 'malformed') AND received_at < ${cutoff.toISOString()}::timestamptz
        RETURNING 1
      ) SELECT count(*) AS n FROM gone`),
  );
  const counters = rowsOf<{ n: number | string }>(
    await db.execute(sql`
      WITH gone AS (DELETE FROM callback_reject_counters WHERE window_start < ${cutoff.toISOString()}::timestamptz RETURNING 1)
      SELECT count(*) AS n FROM gone`),
  );
  return { messages: Number(messages[0]?.n ?? 0), counters: Number(counters[0]?.n ?? 0) };
}

export const PURGE_REJECTED_SCHEDULE = { name: "callbacks.purge-rejected", intervalMs: 60 * 60 * 1000 };

export const purgeRejectedMessagesJob = defineJob<{ schedule?: string }>({
  type: "callbacks.purge-rejected",
  retrySchedule: () => [],
  run: async ({ db }) => purgeRejectedMessages(db),
});
