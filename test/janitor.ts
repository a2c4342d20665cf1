import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs } from "@/db/schema";
import { statusQueryJob } from "@/server/janitor/status-query-job";
import { runTick } from "@/server/jobs/run-jobs";
import type { JobDefinition } from "@/server/jobs/types";

const registry = new Map<string, JobDefinition<never>>([[statusQueryJob.type, statusQueryJob as JobDefinition<never>]]);

/** Runs an order's status-query jobs, fast-forwarding the janitor's schedule, until none is pending. */
export async function runJanitor(db: Db, orderNo: string, workerId = "janitor-test"): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await db.update(jobs).set({ runAt: new Date() }).where(and(eq(jobs.orderNo, orderNo), eq(jobs.type, statusQueryJob.type), eq(jobs.status, "pending")));
    const r = await runTick(db, registry, { workerId });
    if (r.ran === 0) return;
  }
}
