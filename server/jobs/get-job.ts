import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobAttempts, jobs, type Job, type JobAttempt } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";

/** One job with every attempt, first to last (job detail page). */
export async function getJob(db: Db, id: number): Promise<{ job: Job; attempts: JobAttempt[] }> {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, id));
  if (!job) throw new NotFoundError(`job ${id} not found`);
  const attempts = await db.select().from(jobAttempts).where(eq(jobAttempts.jobId, id)).orderBy(asc(jobAttempts.attempt), asc(jobAttempts.id));
  return { job, attempts };
}
