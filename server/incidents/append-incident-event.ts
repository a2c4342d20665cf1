import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidentAlerts, incidentEvents } from "@/db/schema";
import type { IncidentEventKind } from "@/lib/alerts";

/**
 * One timeline entry, in the caller's transaction. This is the extension point for later issues (status-page
 * notice, user notices, tickets, reconciliation items): add the kind to INCIDENT_EVENT_KINDS and call this.
 */
export async function appendIncidentEvent(
  tx: Db,
  incidentId: number,
  kind: IncidentEventKind,
  actor: string | null,
  data: Record<string, unknown> = {},
  at: Date = new Date(),
): Promise<void> {
  await tx.insert(incidentEvents).values({ incidentId, kind, actor, data, at });
}

/** The same for an alert: written to its incident's timeline if it belongs to one; returns that incident's id. */
export async function appendAlertEvent(
  tx: Db,
  alertId: number,
  kind: IncidentEventKind,
  actor: string | null,
  data: Record<string, unknown> = {},
  at: Date = new Date(),
): Promise<number | null> {
  const [link] = await tx.select({ incidentId: incidentAlerts.incidentId }).from(incidentAlerts).where(eq(incidentAlerts.alertId, alertId));
  if (!link) return null;
  await appendIncidentEvent(tx, link.incidentId, kind, actor, { alertId, ...data }, at);
  return link.incidentId;
}
