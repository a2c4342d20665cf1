import "server-only";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, discrepancies, incidentAlerts, incidentEvents, incidentReviews, incidents, refunds, statusNotices, tickets, userNotices, type IncidentRow } from "@/db/schema";
import { DRAFT_TIMELINE_CAP, type ReviewFacts } from "@/lib/reviews";
import { OPEN_TICKET_STATUSES } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { listAffectedOrders } from "@/server/incidents/list-affected-orders";
import { ConflictError, NotFoundError } from "@/server/lib/errors";
import { threadDiscrepanciesWhere, threadRefundsWhere, threadTicketsWhere } from "./get-incident-thread";

const BUSINESS_CURRENCY = "CNY";
const PENDING_REFUND = ["pending_approval", "approved", "processing"] as const;
const OPEN_DISCREPANCY = ["open", "waiting"] as const;
const seconds = (from: Date, to: Date | null | undefined) => (to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null);

/** A one-line gist of a timeline entry for the draft (the kind is translated by the page). */
function gist(kind: string, data: Record<string, unknown>): string | null {
  const s = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);
  switch (kind) {
    case "note":
      return s(data.text);
    case "resolved":
      return s(data.summary);
    case "opened":
    case "alert_fired":
    case "alert_acknowledged":
    case "alert_resolved":
      return s(data.ruleKey) ?? (data.alertId != null ? `#${s(data.alertId)}` : null);
    case "commander_set":
      return s(data.commander);
    case "status_notice":
      return s(data.status);
    case "user_notices":
      return data.count != null ? `${s(data.count)} · ${s(data.situation) ?? ""}`.trim() : null;
    default:
      return null;
  }
}

/**
 * The review's facts, drafted from the incident thread: timeline, impact, time to detect / acknowledge /
 * resolve, what was done, who was told, tickets, money refunded or at risk. Amounts are the business
 * currency's (CNY) only, like the affected-orders estimate.
 */
export async function computeReviewFacts(db: Db, incident: IncidentRow, now: Date): Promise<ReviewFacts> {
  const events = await db
    .select({ at: incidentEvents.at, kind: incidentEvents.kind, actor: incidentEvents.actor, data: incidentEvents.data })
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, incident.id))
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.id));
  const alertRows = await db
    .select({ ruleKey: alerts.ruleKey, acknowledgedAt: alerts.acknowledgedAt })
    .from(incidentAlerts)
    .innerJoin(alerts, eq(alerts.id, incidentAlerts.alertId))
    .where(eq(incidentAlerts.incidentId, incident.id));
  // Acknowledged = someone took it: the first alert acknowledgement or a commander set, whichever came first.
  const ackTimes = [
    ...events.filter((e) => e.kind === "alert_acknowledged" || (e.kind === "commander_set" && e.actor && !e.actor.startsWith("system:"))).map((e) => e.at.getTime()),
    ...alertRows.map((a) => a.acknowledgedAt?.getTime()).filter((t): t is number => t !== undefined),
  ];
  const firstAck = ackTimes.length > 0 ? new Date(Math.min(...ackTimes)) : null;

  const actions: Record<string, number> = {};
  for (const e of events) actions[e.kind] = (actions[e.kind] ?? 0) + 1;

  const [notices] = await db.select({ n: count() }).from(statusNotices).where(eq(statusNotices.incidentId, incident.id));
  const [sent] = await db
    .select({
      total: count(),
      sent: sql<number>`count(*) filter (where ${userNotices.status} = 'sent')`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${userNotices.status} = 'failed')`.mapWith(Number),
    })
    .from(userNotices)
    .where(eq(userNotices.incidentId, incident.id));
  const [ticketCounts] = await db
    .select({ total: count(), open: sql<number>`count(*) filter (where ${inArray(tickets.status, [...OPEN_TICKET_STATUSES])})`.mapWith(Number) })
    .from(tickets)
    .where(threadTicketsWhere(incident, now));
  const [refundSums] = await db
    .select({
      count: count(),
      refunded: sql<number>`coalesce(sum(${refunds.amountMinor}) filter (where ${refunds.status} = 'succeeded'), 0)`.mapWith(Number),
      pending: sql<number>`coalesce(sum(${refunds.amountMinor}) filter (where ${inArray(refunds.status, [...PENDING_REFUND])}), 0)`.mapWith(Number),
    })
    .from(refunds)
    .where(and(threadRefundsWhere(incident, now), eq(refunds.currency, BUSINESS_CURRENCY)));
  const [risk] = await db
    .select({
      total: count(),
      open: sql<number>`count(*) filter (where ${inArray(discrepancies.status, [...OPEN_DISCREPANCY])})`.mapWith(Number),
      amount: sql<number>`coalesce(sum(${discrepancies.differenceMinor}) filter (where ${inArray(discrepancies.status, [...OPEN_DISCREPANCY])} and coalesce(${discrepancies.currency}, ${BUSINESS_CURRENCY}) = ${BUSINESS_CURRENCY}), 0)`.mapWith(Number),
    })
    .from(discrepancies)
    .where(threadDiscrepanciesWhere(incident, now));
  const affected = await listAffectedOrders(db, incident, now);

  return {
    draftedAt: now.toISOString(),
    incident: {
      id: incident.id, title: incident.title, severity: incident.severity, provider: incident.provider, onsetAt: incident.onsetAt.toISOString(),
      openedAt: incident.openedAt.toISOString(), resolvedAt: incident.resolvedAt?.toISOString() ?? null, commander: incident.commander, summary: incident.summary,
    },
    times: { detectS: seconds(incident.onsetAt, incident.openedAt), ackS: seconds(incident.openedAt, firstAck), resolveS: seconds(incident.onsetAt, incident.resolvedAt) },
    impact: { orders: affected.orders, users: affected.users, amountMinor: affected.amount.minor, currency: affected.amount.currency },
    alerts: { count: alertRows.length, rules: [...new Set(alertRows.map((a) => a.ruleKey))].sort() },
    actions,
    statusNotices: Number(notices?.n ?? 0),
    usersNotified: { sent: sent?.sent ?? 0, failed: sent?.failed ?? 0, total: Number(sent?.total ?? 0) },
    tickets: { total: Number(ticketCounts?.total ?? 0), open: ticketCounts?.open ?? 0 },
    refunds: { count: Number(refundSums?.count ?? 0), refundedMinor: refundSums?.refunded ?? 0, pendingMinor: refundSums?.pending ?? 0, currency: BUSINESS_CURRENCY },
    atRisk: { discrepancies: Number(risk?.total ?? 0), openDiscrepancies: risk?.open ?? 0, amountMinor: risk?.amount ?? 0, currency: BUSINESS_CURRENCY },
    timeline: events.slice(0, DRAFT_TIMELINE_CAP).map((e) => ({ at: e.at.toISOString(), kind: e.kind, actor: e.actor, text: gist(e.kind, e.data) })),
    timelineTotal: events.length,
  };
}

/**
 * Drafts (or refreshes) the review of a resolved incident, in the caller's transaction: resolve-incident.ts
 * calls it so every resolved incident has its draft; a completed review is never redrafted (its facts are
 * what the team signed off). Returns false when the review is already completed.
 */
export async function writeReviewDraft(tx: Db, incident: IncidentRow, now: Date): Promise<boolean> {
  const facts = await computeReviewFacts(tx, incident, now);
  const rows = await tx
    .insert(incidentReviews)
    .values({ incidentId: incident.id, status: "draft", draft: facts })
    .onConflictDoUpdate({ target: incidentReviews.incidentId, set: { draft: facts, updatedAt: now }, setWhere: sql`${incidentReviews.status} = 'draft'` })
    .returning({ incidentId: incidentReviews.incidentId });
  return rows.length > 0;
}

/** review.refreshDraft: draft on demand (an incident resolved before reviews existed) or refresh while draft. */
export async function draftReview(db: Db, incidentId: number, actor: Actor, now = new Date()): Promise<{ incidentId: number }> {
  return db.transaction(async (tx) => {
    const [incident] = await tx.select().from(incidents).where(eq(incidents.id, incidentId)).for("update");
    if (!incident) throw new NotFoundError("incident not found");
    if (incident.status !== "resolved") throw new ConflictError("the incident is still open: it is reviewed once resolved");
    if (!(await writeReviewDraft(tx, incident, now))) throw new ConflictError("the review is completed");
    await writeAudit(tx, actor, { action: "review.draft", entityType: "incident_review", entityId: String(incidentId) });
    return { incidentId };
  });
}
