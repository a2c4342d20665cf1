import "server-only";
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs } from "@/db/schema";
import type { JobStatus } from "@/lib/enums";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError } from "@/server/lib/errors";

const REPLAYABLE: JobStatus[] = ["dead", "cancelled"];

/**
 * Puts a dead job back in the queue for one more attempt, now. If that attempt fails too, the job is dead
 * again (with the new error), and can be replayed again.
 */
export async function replayJob(db: Db, actor: Actor, jobId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(jobs).where(eq(jobs.id, jobId));
    if (!before) throw new NotFoundError(`job ${jobId} not found`);
    const [after] = await tx
      .update(jobs)
      .set({ status: "pending", runAt: new Date(), maxAttempts: sql`${jobs.attempts} + 1`, finishedAt: null })
      .where(and(eq(jobs.id, jobId), inArray(jobs.status, REPLAYABLE)))
      .returning();
    if (!after) throw new ConflictError(`job ${jobId} is ${before.status}; only dead or cancelled jobs can be replayed`);
    await writeAudit(tx, actor, {
      action: "job.replay",
      entityType: "job",
      entityId: String(jobId),
      before: { status: before.status, attempts: before.attempts, lastError: before.lastError },
      after: { status: after.status, maxAttempts: after.maxAttempts },
    });
  });
}

export interface JobFilter {
  status?: JobStatus;
  type?: string;
  orderNo?: string;
  since?: Date;
  until?: Date;
  ids?: number[];
}

export function jobFilterWhere(f: JobFilter): SQL | undefined {
  return and(
    f.status ? eq(jobs.status, f.status) : undefined,
    f.type ? eq(jobs.type, f.type) : undefined,
    f.orderNo ? eq(jobs.orderNo, f.orderNo) : undefined,
    f.since ? gte(jobs.updatedAt, f.since) : undefined,
    f.until ? lte(jobs.updatedAt, f.until) : undefined,
    f.ids?.length ? inArray(jobs.id, f.ids) : undefined,
  );
}

/** Replays every dead or cancelled job matching the filter, in one transaction, with one audit row per job. */
export async function replayJobs(db: Db, actor: Actor, filter: Omit<JobFilter, "status">, limit = 1000): Promise<number> {
  return db.transaction(async (tx) => {
    // Locked first so each audit row can name the status the job really had (dead or cancelled).
    const picked = await tx
      .select({ id: jobs.id, status: jobs.status })
      .from(jobs)
      .where(and(jobFilterWhere(filter), inArray(jobs.status, REPLAYABLE)))
      .orderBy(asc(jobs.id))
      .limit(limit)
      .for("update");
    if (picked.length === 0) return 0;
    const statusBefore = new Map(picked.map((p) => [p.id, p.status]));
    const rows = await tx
      .update(jobs)
      .set({ status: "pending", runAt: new Date(), maxAttempts: sql`${jobs.attempts} + 1`, finishedAt: null })
      .where(and(inArray(jobs.id, [...statusBefore.keys()]), inArray(jobs.status, REPLAYABLE)))
      .returning({ id: jobs.id, attempts: jobs.attempts, lastError: jobs.lastError });
    for (const r of rows) {
      await writeAudit(tx, actor, {
        action: "job.replay",
        entityType: "job",
        entityId: String(r.id),
        before: { status: statusBefore.get(r.id), attempts: r.attempts, lastError: r.lastError },
        after: { status: "pending", bulk: filter },
      });
    }
    return rows.length;
  });
}
