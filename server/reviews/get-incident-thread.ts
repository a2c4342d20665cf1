import "server-only";
import { and, asc, count, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, alerts, discrepancies, incidentAlerts, incidentEvents, incidents, refunds, statusNotices, tickets, userNotices, type IncidentRow } from "@/db/schema";
import type { AlertSeverity, IncidentEventKind } from "@/lib/alerts";
import type { DiscrepancyStatus, DiscrepancyType, RiskLevel } from "@/lib/enums";
import type { RefundStatus } from "@/lib/refunds";
import type { Localized, NoticeStatus } from "@/lib/status";
import type { TicketStatus, TicketType } from "@/lib/tickets";
import { affectedOrdersWhere, listAffectedOrders, type AffectedOrders } from "@/server/incidents/list-affected-orders";
import { NotFoundError } from "@/server/lib/errors";

/** Each list of the thread keeps this many rows; `total` says how many there are. */
export const THREAD_CAP = 50;
export const THREAD_TIMELINE_CAP = 200;

export interface Capped<T> {
  items: T[];
  total: number;
}

export interface IncidentThread {
  incident: IncidentRow;
  affected: AffectedOrders;
  alerts: Capped<{ id: number; ruleKey: string; severity: AlertSeverity; status: string; onsetAt: Date; firedAt: Date | null; resolvedAt: Date | null }>;
  statusNotices: Capped<{ id: number; status: NoticeStatus; title: Localized; startedAt: Date; resolvedAt: Date | null }>;
  userNotices: { total: number; sent: number; failed: number; pending: number };
  tickets: Capped<{ id: number; number: string; subject: string; status: TicketStatus; type: TicketType; orderNo: string | null; createdAt: Date }>;
  refunds: Capped<{ id: number; refundNo: string; orderNo: string; status: RefundStatus; amountMinor: number; currency: string; ticketId: number | null; createdAt: Date }>;
  discrepancies: Capped<{ id: number; type: DiscrepancyType; risk: RiskLevel; status: DiscrepancyStatus; orderNo: string | null; differenceMinor: number | null; currency: string | null; detectedAt: Date }>;
  timeline: Capped<{ id: number; at: Date; kind: IncidentEventKind; actor: string | null; data: Record<string, unknown> }>;
}

/** The incident's affected orders as a subquery (server/incidents/list-affected-orders.ts decides which). */
const affectedOrderNos = (incident: IncidentRow, now: Date): SQL => sql`(SELECT order_no FROM orders WHERE ${affectedOrdersWhere(incident, now)})`;

/** Tickets of the incident: linked to it, or about one of its affected orders. */
export const threadTicketsWhere = (incident: IncidentRow, now: Date): SQL =>
  or(eq(tickets.incidentId, incident.id), sql`${tickets.orderNo} IN ${affectedOrderNos(incident, now)}`)!;

/** Refunds of its tickets and of its affected orders. */
export const threadRefundsWhere = (incident: IncidentRow, now: Date): SQL =>
  or(sql`${refunds.ticketId} IN (SELECT id FROM tickets WHERE ${threadTicketsWhere(incident, now)})`, sql`${refunds.orderNo} IN ${affectedOrderNos(incident, now)}`)!;

/** Reconciliation items of its affected orders, and those found in its scope during its window. */
export const threadDiscrepanciesWhere = (incident: IncidentRow, now: Date): SQL => {
  const until = incident.resolvedAt ?? now;
  const inWindow = and(
    incident.provider === ALL_PROVIDERS ? undefined : sql`${discrepancies.provider} = ${incident.provider}`,
    gte(discrepancies.detectedAt, incident.onsetAt),
    lt(discrepancies.detectedAt, until),
  );
  return or(sql`${discrepancies.orderNo} IN ${affectedOrderNos(incident, now)}`, inWindow)!;
};

/**
 * One incident with everything that links to it (issue 12): its alerts, what the public and the users were told,
 * the tickets, refunds and reconciliation items it caused, and its timeline — one call, each list capped and
 * counted. The review draft (draft-review.ts) is computed from the same conditions.
 */
export async function getIncidentThread(db: Db, incidentId: number, now = new Date()): Promise<IncidentThread> {
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) throw new NotFoundError("incident not found");

  const ticketsWhere = threadTicketsWhere(incident, now);
  const refundsWhere = threadRefundsWhere(incident, now);
  const discWhere = threadDiscrepanciesWhere(incident, now);

  const alertRows = await db
    .select({ id: alerts.id, ruleKey: alerts.ruleKey, severity: alerts.severity, status: alerts.status, onsetAt: alerts.onsetAt, firedAt: alerts.firedAt, resolvedAt: alerts.resolvedAt })
    .from(incidentAlerts)
    .innerJoin(alerts, eq(alerts.id, incidentAlerts.alertId))
    .where(eq(incidentAlerts.incidentId, incidentId))
    .orderBy(asc(alerts.onsetAt), asc(alerts.id));
  const [noticeRows, noticeTotal] = await Promise.all([
    db
      .select({ id: statusNotices.id, status: statusNotices.status, title: statusNotices.title, startedAt: statusNotices.startedAt, resolvedAt: statusNotices.resolvedAt })
      .from(statusNotices)
      .where(eq(statusNotices.incidentId, incidentId))
      .orderBy(asc(statusNotices.startedAt), asc(statusNotices.id))
      .limit(THREAD_CAP),
    total(db.select({ n: count() }).from(statusNotices).where(eq(statusNotices.incidentId, incidentId))),
  ]);
  const noticeCounts = await db
    .select({ status: userNotices.status, n: count() })
    .from(userNotices)
    .where(eq(userNotices.incidentId, incidentId))
    .groupBy(userNotices.status);
  const byStatus = (s: string) => noticeCounts.filter((r) => r.status === s).reduce((a, r) => a + Number(r.n), 0);
  const noticeSum = noticeCounts.reduce((a, r) => a + Number(r.n), 0);

  const ticketRows = await db
    .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, type: tickets.type, orderNo: tickets.orderNo, createdAt: tickets.createdAt })
    .from(tickets)
    .where(ticketsWhere)
    .orderBy(asc(tickets.createdAt), asc(tickets.id))
    .limit(THREAD_CAP);
  const ticketTotal = await total(db.select({ n: count() }).from(tickets).where(ticketsWhere));
  const refundRows = await db
    .select({ id: refunds.id, refundNo: refunds.refundNo, orderNo: refunds.orderNo, status: refunds.status, amountMinor: refunds.amountMinor, currency: refunds.currency, ticketId: refunds.ticketId, createdAt: refunds.createdAt })
    .from(refunds)
    .where(refundsWhere)
    .orderBy(asc(refunds.createdAt), asc(refunds.id))
    .limit(THREAD_CAP);
  const refundTotal = await total(db.select({ n: count() }).from(refunds).where(refundsWhere));
  const discRows = await db
    .select({ id: discrepancies.id, type: discrepancies.type, risk: discrepancies.risk, status: discrepancies.status, orderNo: discrepancies.orderNo, differenceMinor: discrepancies.differenceMinor, currency: discrepancies.currency, detectedAt: discrepancies.detectedAt })
    .from(discrepancies)
    .where(discWhere)
    .orderBy(desc(discrepancies.differenceMinor), asc(discrepancies.id))
    .limit(THREAD_CAP);
  const discTotal = await total(db.select({ n: count() }).from(discrepancies).where(discWhere));
  const timelineRows = await db
    .select({ id: incidentEvents.id, at: incidentEvents.at, kind: incidentEvents.kind, actor: incidentEvents.actor, data: incidentEvents.data })
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, incidentId))
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.id))
    .limit(THREAD_TIMELINE_CAP);
  const timelineTotal = await total(db.select({ n: count() }).from(incidentEvents).where(eq(incidentEvents.incidentId, incidentId)));

  return {
    incident,
    affected: await listAffectedOrders(db, incident, now),
    alerts: { items: alertRows.slice(0, THREAD_CAP), total: alertRows.length },
    statusNotices: { items: noticeRows, total: noticeTotal },
    userNotices: { total: noticeSum, sent: byStatus("sent"), failed: byStatus("failed"), pending: noticeSum - byStatus("sent") - byStatus("failed") - byStatus("skipped") },
    tickets: { items: ticketRows, total: ticketTotal },
    refunds: { items: refundRows.map((r) => ({ ...r, currency: r.currency.trim() })), total: refundTotal },
    discrepancies: { items: discRows.map((r) => ({ ...r, currency: r.currency?.trim() ?? null })), total: discTotal },
    timeline: { items: timelineRows, total: timelineTotal },
  };
}

async function total(q: Promise<{ n: number }[]>): Promise<number> {
  const [row] = await q;
  return Number(row?.n ?? 0);
}
