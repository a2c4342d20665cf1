import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, incidentAlerts, incidentEvents, incidents } from "@/db/schema";
import type { IncidentEventKind } from "@/lib/alerts";
import { presentAlerts, type AlertListItem } from "@/server/alerts/list-alerts";
import { NotFoundError } from "@/server/lib/errors";
import { listAffectedOrders, type AffectedOrders } from "./list-affected-orders";
import { presentIncidents, type IncidentListItem } from "./list-incidents";

export interface IncidentDetail {
  incident: IncidentListItem & { summary: string | null; openedBy: string };
  alerts: AlertListItem[];
  timeline: { id: number; at: Date; kind: IncidentEventKind; actor: string | null; data: Record<string, unknown> }[];
  affected: AffectedOrders;
}

export async function getIncident(db: Db, id: number, now = new Date()): Promise<IncidentDetail> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
  if (!row) throw new NotFoundError("incident not found");
  const [item] = await presentIncidents(db, [row]);
  const alertRows = await db
    .select({ a: alerts })
    .from(incidentAlerts)
    .innerJoin(alerts, eq(alerts.id, incidentAlerts.alertId))
    .where(eq(incidentAlerts.incidentId, id))
    .orderBy(asc(alerts.onsetAt), asc(alerts.id));
  const timeline = await db
    .select({ id: incidentEvents.id, at: incidentEvents.at, kind: incidentEvents.kind, actor: incidentEvents.actor, data: incidentEvents.data })
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, id))
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.id));
  return {
    incident: { ...item!, summary: row.summary, openedBy: row.openedBy },
    alerts: await presentAlerts(db, alertRows.map((r) => r.a), now),
    timeline,
    affected: await listAffectedOrders(db, row, now),
  };
}
