import "server-only";
import { and, asc, desc, eq, inArray, ne, notExists, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, alerts, incidentAlerts, incidents, type AlertRow, type IncidentRow } from "@/db/schema";
import { seedDefaultBrief } from "@/server/briefs/seed-default-brief";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError } from "@/server/lib/errors";
import { appendIncidentEvent } from "./append-incident-event";

const alertFacts = (a: AlertRow) => ({ alertId: a.id, ruleKey: a.ruleKey, metric: a.metric, provider: a.provider, severity: a.severity, onsetAt: a.onsetAt.toISOString() });

/** "success-rate-low · alipay": a working title; the commander can say more in notes and the summary. */
const titleOf = (a: AlertRow) => `${a.ruleKey} · ${a.provider === ALL_PROVIDERS ? "all providers" : a.provider}`;

/**
 * The open incident an alert of `provider` belongs with: the one of the same provider scope; an overall
 * ("*") alert during a provider's incident, or a provider's alert during an overall incident, is the same
 * event seen from another scope, so it joins the most recently opened one.
 */
async function openIncidentFor(tx: Db, provider: string): Promise<IncidentRow | undefined> {
  const [same] = await tx.select().from(incidents).where(and(eq(incidents.status, "open"), eq(incidents.provider, provider)));
  if (same) return same;
  const scope = provider === ALL_PROVIDERS ? eq(incidents.status, "open") : and(eq(incidents.status, "open"), eq(incidents.provider, ALL_PROVIDERS));
  const [other] = await tx.select().from(incidents).where(scope).orderBy(desc(incidents.openedAt)).limit(1);
  return other;
}

async function link(tx: Db, incident: IncidentRow, alert: AlertRow, actor: Actor, at: Date): Promise<boolean> {
  const added = await tx.insert(incidentAlerts).values({ alertId: alert.id, incidentId: incident.id }).onConflictDoNothing().returning({ alertId: incidentAlerts.alertId });
  if (added.length === 0) return false;
  await appendIncidentEvent(tx, incident.id, "alert_fired", actor.label, alertFacts(alert), alert.firedAt ?? at);
  if (alert.onsetAt < incident.onsetAt) await tx.update(incidents).set({ onsetAt: alert.onsetAt }).where(eq(incidents.id, incident.id));
  return true;
}

/**
 * Puts `alert` into an incident, in the caller's transaction: it joins the open incident of its scope, or —
 * when `open` — a new incident is opened for it. Idempotent and race-safe: the alert's link is its primary
 * key, and "one open incident per provider scope" is a unique index, so two evaluations (or an evaluation
 * and a click) racing to open one end with one incident. Returns the incident id, or null (not opened).
 */
export async function placeAlertInIncident(tx: Db, alert: AlertRow, actor: Actor, opts: { open: boolean; now?: Date }): Promise<number | null> {
  const now = opts.now ?? new Date();
  const [existing] = await tx.select({ incidentId: incidentAlerts.incidentId }).from(incidentAlerts).where(eq(incidentAlerts.alertId, alert.id));
  if (existing) return existing.incidentId;
  const joinable = await openIncidentFor(tx, alert.provider);
  if (joinable) {
    await link(tx, joinable, alert, actor, now);
    return joinable.id;
  }
  if (!opts.open) return null;
  const [created] = await tx
    .insert(incidents)
    .values({ title: titleOf(alert), severity: alert.severity, provider: alert.provider, onsetAt: alert.onsetAt, openedBy: actor.label, openedAt: now })
    .onConflictDoNothing({ target: incidents.provider, where: sql`${incidents.status} = 'open'` })
    .returning();
  if (!created) {
    // Someone else opened the scope's incident between our read and our insert: join theirs.
    const theirs = await openIncidentFor(tx, alert.provider);
    if (!theirs) throw new Error(`incident for ${alert.provider} neither created nor found`);
    await link(tx, theirs, alert, actor, now);
    return theirs.id;
  }
  await appendIncidentEvent(tx, created.id, "opened", actor.label, { ...alertFacts(alert), auto: actor.id === null }, now);
  await link(tx, created, alert, actor, now);
  // Alerts of the scope already firing (a warning that fired in the same minute, before the critical one) are
  // the same event: they join now rather than stay loose.
  const siblings = await tx
    .select()
    .from(alerts)
    .where(and(eq(alerts.provider, alert.provider), inArray(alerts.status, ["firing", "acknowledged"]), ne(alerts.id, alert.id), notExists(tx.select().from(incidentAlerts).where(eq(incidentAlerts.alertId, alerts.id)))))
    .orderBy(asc(alerts.id));
  for (const sibling of siblings) await link(tx, created, sibling, actor, now);
  await writeAudit(tx, actor, { action: "incident.open", entityType: "incident", entityId: String(created.id), after: { title: created.title, severity: created.severity, provider: created.provider, alertId: alert.id } });
  // Agents are briefed from the first minute (the default brief); a supervisor then writes the specifics.
  await seedDefaultBrief(tx, created.id, now);
  return created.id;
}

/** incident.open: an incident for a firing alert by hand (idempotent: the alert's incident if it has one). */
export async function openIncident(db: Db, alertId: number, actor: Actor): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, alertId));
    if (!alert) throw new NotFoundError("alert not found");
    const id = await placeAlertInIncident(tx, alert, actor, { open: true });
    return { id: id! };
  });
}
