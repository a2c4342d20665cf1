import "server-only";
import type { Db } from "@/db/client";
import { jobs } from "@/db/schema";
import type { JobDefinition } from "./types";

export interface EnqueueOptions {
  runAt?: Date;
  /** Unique across all jobs: a second enqueue with the same key is a no-op. */
  dedupeKey?: string;
  orderNo?: string;
}

/** Enqueue inside the caller's transaction so the job exists if and only if the change that needs it does. */
export async function enqueue<P>(db: Db, def: JobDefinition<P>, payload: P, opts: EnqueueOptions = {}): Promise<number | null> {
  const rows = await db
    .insert(jobs)
    .values({
      type: def.type,
      payload: payload as object,
      maxAttempts: def.retrySchedule().length + 1,
      runAt: opts.runAt ?? new Date(),
      dedupeKey: opts.dedupeKey ?? null,
      orderNo: opts.orderNo ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return rows[0]?.id ?? null;
}
