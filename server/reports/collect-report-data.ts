import "server-only";
import { and, asc, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidents } from "@/db/schema";
import type { KpiFigure, KpiQuery } from "@/lib/kpi";
import type { KpiDirection, ManualInterventionRow, ReportData, ReportFigure, ReportIncident } from "@/lib/reports";
import { getIncidentKpis } from "@/server/kpi/get-incident-kpis";
import { getPaymentKpis } from "@/server/kpi/get-payment-kpis";
import { getReconKpis } from "@/server/kpi/get-recon-kpis";
import { getServiceKpis } from "@/server/kpi/get-service-kpis";
import { rowsOf } from "@/server/lib/sql";
import { listActionItems } from "@/server/reviews/list-action-items";
import type { ReportPeriod } from "./report-period";
import { businessDayOf } from "./report-period";
import { computeSuggestions } from "./suggestions";

/** Which way is better, per KPI key (the report colours its deltas from this). */
const DIRECTION: Record<string, KpiDirection> = {
  successRate: "up", attempts: "neutral", amountMinor: "neutral", callbackDelayP50Ms: "down", callbackDelayP95Ms: "down",
  callbackFailureRate: "down", fixedByQuery: "neutral",
  complaints: "down", complaintRate: "down", ticketsOpened: "down", ticketsResolved: "up", backlog: "down", slaBreaches: "down",
  firstResponseMedianS: "down", handleMedianS: "down", fcrRate: "up", refundCount: "down", refundAmountMinor: "down", approvalsPending: "down",
  matchRate: "up", discrepancies: "down", amountAtRiskMinor: "down", autoRepaired: "up", manual: "down", resolveMedianS: "down", oldestOpenAgeS: "down",
  count: "down", detectMedianS: "down", ackMedianS: "down", usersNotified: "neutral",
};

function unitOf(key: string): ReportFigure["unit"] {
  if (key.endsWith("Rate")) return "rate";
  if (key.endsWith("Minor")) return "money";
  if (key.endsWith("Ms")) return "ms";
  if (key.endsWith("S")) return "seconds";
  return "count";
}

function figuresOf(section: ReportFigure["section"], figures: Record<string, KpiFigure>): ReportFigure[] {
  return Object.entries(figures).map(([key, f]) => ({ section, key, value: f.value, previous: f.previous, unit: unitOf(key), direction: DIRECTION[key] ?? "neutral" }));
}

const num = (v: unknown): number => Number(v ?? 0);

/** Reconciliation items closed in the period, by type: by hand vs by rule, hand handle time, and hand closes undone later. */
async function manualIntervention(db: Db, p: ReportPeriod): Promise<ReportData["manual"]> {
  const rows = rowsOf<{ type: string; manual: string; auto: string; handle_median_s: string | null; reversed: string }>(
    await db.execute(sql`
      SELECT d.type,
             count(*) FILTER (WHERE d.repair_rule IS NULL) AS manual,
             count(*) FILTER (WHERE d.repair_rule IS NOT NULL) AS auto,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.resolved_at - d.detected_at)) FILTER (WHERE d.repair_rule IS NULL) AS handle_median_s,
             count(*) FILTER (WHERE d.repair_rule IS NULL AND (d.status NOT IN ('resolved', 'written_off') OR EXISTS (
               SELECT 1 FROM audit_logs a WHERE a.entity_type = 'discrepancy' AND a.entity_id = d.id::text
                 AND a.created_at > d.resolved_at AND a.action <> 'discrepancy.assign'))) AS reversed
      FROM discrepancies d
      WHERE d.resolved_at >= ${p.from.toISOString()}::timestamptz AND d.resolved_at < ${p.to.toISOString()}::timestamptz
      GROUP BY d.type
      ORDER BY manual DESC, d.type`),
  );
  const table: ManualInterventionRow[] = rows.map((r) => ({
    type: r.type, manual: num(r.manual), auto: num(r.auto), handleMedianS: r.handle_median_s === null ? null : Math.round(Number(r.handle_median_s)), reversed: num(r.reversed),
  }));
  const [t] = rowsOf<{ solved: string; reopened: string }>(
    await db.execute(sql`
      SELECT count(*) AS solved, count(*) FILTER (WHERE reopen_count > 0) AS reopened FROM tickets
      WHERE solved_at >= ${p.from.toISOString()}::timestamptz AND solved_at < ${p.to.toISOString()}::timestamptz`),
  );
  return {
    rows: table,
    totalManual: table.reduce((s, r) => s + r.manual, 0),
    totalAuto: table.reduce((s, r) => s + r.auto, 0),
    ticketsSolved: num(t?.solved),
    ticketsReopened: num(t?.reopened),
  };
}

/** Incidents opened in the period with their review's action items (server/reviews listActionItems; overdue as of generation). */
async function incidentsOf(db: Db, p: ReportPeriod, now: Date): Promise<ReportIncident[]> {
  const rows = await db
    .select({ id: incidents.id, title: incidents.title, severity: incidents.severity, provider: incidents.provider, openedAt: incidents.openedAt, resolvedAt: incidents.resolvedAt })
    .from(incidents)
    .where(and(gte(incidents.openedAt, p.from), lt(incidents.openedAt, p.to)))
    .orderBy(asc(incidents.openedAt), asc(incidents.id))
    .limit(50);
  if (rows.length === 0) return [];
  const items = await listActionItems(db, { incidentIds: rows.map((i) => i.id), now });
  return rows.map((i) => ({
    id: i.id, title: i.title, severity: i.severity, provider: i.provider, openedAt: i.openedAt.toISOString(), resolvedAt: i.resolvedAt?.toISOString() ?? null,
    actionItems: items
      .filter((a) => a.incidentId === i.id)
      .map((a) => ({ id: a.id, title: a.title, status: a.status, dueOn: a.dueOn, ownerName: a.ownerName, overdue: a.overdue })),
  }));
}

/**
 * The whole snapshot of a report: the dashboard's KPIs (server/kpi, read from the rollups) for the period and
 * the one before, the daily series for the small charts, top complaint topics, the reconciliation
 * manual-intervention analysis, incidents with their action items, and the suggestions of the period.
 */
export async function collectReportData(db: Db, p: ReportPeriod, now: Date, timeZone: string): Promise<ReportData> {
  const q: KpiQuery = { from: p.from, to: p.to, provider: null, bucket: "day" };
  const prevQ: KpiQuery = { from: p.previousFrom, to: p.from, provider: null, bucket: "day" };
  const pay = await getPaymentKpis(db, q);
  const service = await getServiceKpis(db, q);
  const prevService = await getServiceKpis(db, prevQ);
  const recon = await getReconKpis(db, q);
  const incidentKpis = await getIncidentKpis(db, q);

  const figures = [
    ...figuresOf("payments", pay.figures),
    ...figuresOf("service", service.figures),
    ...figuresOf("recon", recon.figures),
    ...figuresOf("incidents", incidentKpis.figures),
  ];

  const days = new Map<string, ReportData["daily"][number]>();
  const dayOf = (t: Date) => {
    const day = businessDayOf(t, timeZone);
    let d = days.get(day);
    if (!d) days.set(day, (d = { day, attempts: 0, successes: 0, tickets: 0, complaints: 0 }));
    return d;
  };
  for (const v of pay.volume) dayOf(v.t).attempts += v.attempts;
  for (const s of pay.successByProvider) dayOf(s.t).successes += s.successes;
  for (const c of service.complaints) dayOf(c.t).complaints += c.complaints;
  for (const t of service.tickets) dayOf(t.t).tickets += t.opened;

  const prevTopics = new Map(prevService.topics.map((t) => [t.type, t.count]));
  const topics = service.topics.slice(0, 10).map((t) => ({ type: t.type, count: t.count, previous: prevTopics.get(t.type) ?? 0 }));

  return {
    version: 1,
    from: p.from.toISOString(),
    to: p.to.toISOString(),
    previousFrom: p.previousFrom.toISOString(),
    currency: pay.currency,
    figures,
    daily: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    topics,
    manual: await manualIntervention(db, p),
    incidents: await incidentsOf(db, p, now),
    suggestions: await computeSuggestions(db, { from: p.from, to: p.to, now }),
  };
}
