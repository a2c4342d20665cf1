import "server-only";
import { count, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidents, jobs, userNotices } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { appendIncidentEvent } from "@/server/incidents/append-incident-event";
import { enqueue } from "@/server/jobs/enqueue";
import { defineJob } from "@/server/jobs/types";
import { NotFoundError } from "@/server/lib/errors";
import { createNotices } from "./create-notices";
import { planIncidentNotices } from "./plan-incident-notices";

/** Over this many users the notices are created by a background job; fewer are created in the request. */
export const INLINE_BULK_MAX = 500;

/** The background half of a large "Notify affected users": plans again (same rule as the preview) and creates the notices. */
export const notifyIncidentUsersJob = defineJob<{ incidentId: number; actor: string }>({
  type: "user-notices.notify-incident",
  retrySchedule: () => [30_000, 120_000],
  async run({ db }, { incidentId, actor }) {
    return { ...(await notifyIncidentUsers(db, incidentId, { id: null, label: actor })) };
  },
});

/**
 * Creates the plan's notices (re-running is harmless: the notices are unique), then writes the timeline entries
 * (one per situation) and the audit row together. The sends themselves are the delivery jobs.
 */
export async function notifyIncidentUsers(db: Db, incidentId: number, actor: Actor, now = new Date()): Promise<{ created: number; existing: number }> {
  const plan = await planIncidentNotices(db, incidentId, now);
  const r = await createNotices(db, plan.candidates, { createdBy: actor.label, incidentId, now });
  await db.transaction(async (tx) => {
    for (const [situation, n] of Object.entries(r.bySituation)) {
      if (n) await appendIncidentEvent(tx, incidentId, "user_notices", actor.label, { count: n, situation, channel: r.channels.join("+") }, now);
    }
    await writeAudit(tx, actor, { action: "user_notice.bulk_send", entityType: "incident", entityId: String(incidentId), after: { created: r.created, bySituation: r.bySituation, byStatus: r.byStatus } });
  });
  return { created: r.created, existing: r.existing };
}

/** The mutation: small incidents are notified in the request, large ones by a job; the page follows progress. */
export async function requestIncidentNotices(db: Db, incidentId: number, actor: Actor): Promise<{ jobId: number | null; planned: number; created: number | null }> {
  const plan = await planIncidentNotices(db, incidentId);
  if (plan.total <= INLINE_BULK_MAX) {
    const r = await notifyIncidentUsers(db, incidentId, actor);
    return { jobId: null, planned: plan.total, created: r.created };
  }
  return db.transaction(async (tx) => {
    const jobId = await enqueue(tx, notifyIncidentUsersJob, { incidentId, actor: actor.label }, { dedupeKey: `user-notices:incident:${incidentId}:${Date.now()}` });
    await writeAudit(tx, actor, { action: "user_notice.bulk_request", entityType: "incident", entityId: String(incidentId), after: { planned: plan.total, counts: plan.counts, jobId } });
    return { jobId, planned: plan.total, created: null };
  });
}

/** How the bulk send is going: the incident's notices by status and the latest bulk job's state. */
export async function incidentNoticeProgress(db: Db, incidentId: number) {
  const [incident] = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) throw new NotFoundError(`incident ${incidentId} not found`);
  const byStatus = await db.select({ status: userNotices.status, n: count() }).from(userNotices).where(eq(userNotices.incidentId, incidentId)).groupBy(userNotices.status);
  const [job] = await db
    .select({ id: jobs.id, status: jobs.status })
    .from(jobs)
    .where(sql`${jobs.type} = ${notifyIncidentUsersJob.type} AND ${jobs.payload}->>'incidentId' = ${String(incidentId)}`)
    .orderBy(sql`${jobs.id} desc`)
    .limit(1);
  const counts = Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Partial<Record<string, number>>;
  return { counts, total: byStatus.reduce((s, r) => s + r.n, 0), job: job ?? null };
}
