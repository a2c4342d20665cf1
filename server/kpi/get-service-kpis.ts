import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refunds } from "@/db/schema";
import { DURATION_BOUNDS_S, type KpiQuery, type ServiceKpis } from "@/lib/kpi";
import type { TicketType } from "@/lib/tickets";
import { addHist, emptyHist, histQuantile } from "./histogram";
import { type BucketedRow, bucketsOf, byBucket, paired, previousCovered, previousOf, ratio, readHourCounts, readKpiHours, scopeOf, sum } from "./read-kpi-hours";

function hist(rows: readonly BucketedRow[], pick: (r: BucketedRow) => number[]): number[] {
  const h = emptyHist(DURATION_BOUNDS_S);
  for (const r of rows) addHist(h, pick(r));
  return h;
}

/** Backlog at the end of the last hour of these rows (they are ordered by hour). */
const lastBacklog = (rows: readonly BucketedRow[]) => (rows.length ? rows[rows.length - 1]!.ticketsBacklog : null);

function figuresOf(rows: readonly BucketedRow[]) {
  const any = rows.length > 0;
  const attempts = sum(rows, (r) => r.attempts);
  const complaints = sum(rows, (r) => r.complaints);
  return {
    complaints: any ? complaints : null,
    complaintRate: ratio(complaints, attempts),
    ticketsOpened: any ? sum(rows, (r) => r.ticketsOpened) : null,
    ticketsResolved: any ? sum(rows, (r) => r.ticketsResolved) : null,
    backlog: lastBacklog(rows),
    slaBreaches: any ? sum(rows, (r) => r.slaBreaches) : null,
    firstResponseMedianS: histQuantile(hist(rows, (r) => r.firstResponseHist), DURATION_BOUNDS_S, 0.5),
    handleMedianS: histQuantile(hist(rows, (r) => r.handleHist), DURATION_BOUNDS_S, 0.5),
    fcrRate: ratio(sum(rows, (r) => r.fcrYes), sum(rows, (r) => r.fcrKnown)),
    refundCount: any ? sum(rows, (r) => r.refundsInstant + r.refundsApproved) : null,
    refundAmountMinor: any ? sum(rows, (r) => r.refundsInstantMinor + r.refundsApprovedMinor) : null,
  };
}

/**
 * The customer-service section: complaints (count, rate per payment attempt), tickets opened / resolved /
 * backlog (open at the end of the period), SLA breaches, median first response and handle time (from
 * histograms), first-contact resolution rate, refunds by authority level (counted when they succeeded), and
 * the live count of refunds waiting for approval. Tickets follow the provider of their order.
 */
export async function getServiceKpis(db: Db, q: KpiQuery): Promise<ServiceKpis> {
  const prev = previousOf(q);
  const rows = await readKpiHours(db, scopeOf(q), prev.from, q.to, q.bucket, { cur: q.from, prev: prev.from }, {
    sums: ["attempts", "complaints", "tickets_opened", "tickets_resolved", "sla_breaches", "fcr_known", "fcr_yes", "refunds_instant", "refunds_instant_minor", "refunds_approved", "refunds_approved_minor"],
    hists: ["first_response_hist", "handle_hist"],
    backlog: true,
  });
  const cur = rows.filter((r) => r.period === "cur");
  const now = figuresOf(cur);
  const then = figuresOf(rows.filter((r) => r.period === "prev"));

  const [pending] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(refunds)
    .where(and(eq(refunds.status, "pending_approval"), q.provider ? eq(refunds.provider, q.provider as never) : undefined));

  const figures = {
    ...(paired(now, then, await previousCovered(db, q)) as Omit<ServiceKpis["figures"], "approvalsPending">),
    approvalsPending: { value: pending?.n ?? 0, previous: null },
  };

  const by = byBucket(cur);
  const out: Omit<ServiceKpis, "figures" | "topics"> = { complaints: [], tickets: [], sla: [], refunds: [] };
  for (const t of bucketsOf(q.from, q.to, q.bucket)) {
    const b = by.get(t.getTime()) ?? [];
    out.complaints.push({ t, complaints: sum(b, (r) => r.complaints), attempts: sum(b, (r) => r.attempts) });
    out.tickets.push({ t, opened: sum(b, (r) => r.ticketsOpened), resolved: sum(b, (r) => r.ticketsResolved), backlog: lastBacklog(b) });
    out.sla.push({ t, breaches: sum(b, (r) => r.slaBreaches) });
    out.refunds.push({ t, level: "instant", count: sum(b, (r) => r.refundsInstant), amountMinor: sum(b, (r) => r.refundsInstantMinor) });
    out.refunds.push({ t, level: "approved", count: sum(b, (r) => r.refundsApproved), amountMinor: sum(b, (r) => r.refundsApprovedMinor) });
  }
  const topics = (await readHourCounts(db, scopeOf(q), "ticket_type", q.from, q.to))
    .map((c) => ({ type: c.key as TicketType, count: c.count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  return { figures, ...out, topics };
}
