import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, incidentAlerts, incidents } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";
import { writeReviewDraft } from "@/server/reviews/draft-review";
import { appendIncidentEvent } from "./append-incident-event";

export const SUMMARY_MIN = 10;
export const SUMMARY_MAX = 5000;

/**
 * open → resolved with a summary (what happened, what was done), which the review reports read. Allowed while
 * some of its alerts are still open — the operator may know better than the detector — but the timeline
 * records which were, and an alert of the scope firing afterwards starts a new incident.
 */
export async function resolveIncident(db: Db, incidentId: number, summary: string, actor: Actor, now = new Date()): Promise<{ id: number }> {
  const text = summary.trim();
  if (text.length < SUMMARY_MIN || text.length > SUMMARY_MAX) throw new ValidationError(`a summary has ${SUMMARY_MIN} to ${SUMMARY_MAX} characters`);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(incidents)
      .set({ status: "resolved", resolvedAt: now, resolvedBy: actor.label, summary: text })
      .where(and(eq(incidents.id, incidentId), eq(incidents.status, "open")))
      .returning();
    if (!row) {
      const [existing] = await tx.select({ status: incidents.status }).from(incidents).where(eq(incidents.id, incidentId));
      if (!existing) throw new NotFoundError("incident not found");
      throw new ConflictError("incident is already resolved");
    }
    const stillOpen = await tx
      .select({ id: alerts.id, status: alerts.status })
      .from(incidentAlerts)
      .innerJoin(alerts, eq(alerts.id, incidentAlerts.alertId))
      .where(and(eq(incidentAlerts.incidentId, incidentId), ne(alerts.status, "resolved")));
    await appendIncidentEvent(tx, incidentId, "resolved", actor.label, { summary: text, openAlerts: stillOpen }, now);
    // Every resolved incident gets its review drafted from the thread, with the resolution (issue 12).
    await writeReviewDraft(tx, row, now);
    await writeAudit(tx, actor, { action: "incident.resolve", entityType: "incident", entityId: String(incidentId), before: { status: "open" }, after: { status: "resolved", summary: text } });
    return { id: incidentId };
  });
}
