import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  callbackEvents, discrepancies, incidentEvents, incidents, kpiHourCounts, kpiHours, orders, refunds, statementImports, ticketEvents, tickets, userNotices,
} from "@/db/schema";
import type { KpiQuery } from "@/lib/kpi";
import { recordComplaint } from "@/server/metrics/record-complaint";
import { rollupMetrics } from "@/server/metrics/rollup-metrics";
import { useTestDb } from "@/test/db";
import { getIncidentKpis } from "./get-incident-kpis";
import { getPaymentKpis } from "./get-payment-kpis";
import { getReconKpis } from "./get-recon-kpis";
import { getServiceKpis } from "./get-service-kpis";
import { rollupKpis } from "./rollup-kpis";

const db = useTestDb();
const Z = (iso: string) => new Date(`${iso}Z`);
// Business days in Asia/Shanghai (UTC+8): 2026-11-20 runs 11-19T16:00Z → 11-20T16:00Z.
const DAY20 = Z("2026-11-19T16:00:00");
const DAY21 = Z("2026-11-20T16:00:00");
const END = Z("2026-11-21T16:00:00");
const NOW = Z("2026-11-22T00:00:00");
const byDay: KpiQuery = { from: DAY20, to: END, provider: null, bucket: "day" };

let n = 0;
const orderIds = new Map<string, string>();
async function order(provider: "alipay" | "sandbox", createdAt: Date, o: { amountMinor: number; currency?: string; paidVia?: "notify" | "query" }) {
  const orderNo = `KPI${++n}`;
  const [row] = await db()
    .insert(orders)
    .values({
      orderNo, userId: `user${n}`, amountMinor: o.amountMinor, currency: o.currency ?? "CNY", provider, createdAt,
      status: o.paidVia ? "PAID" : "CREATED", paidAt: o.paidVia ? new Date(createdAt.getTime() + 15_000) : null, paidVia: o.paidVia ?? null,
    })
    .returning({ id: orders.id });
  orderIds.set(orderNo, row!.id);
  return orderNo;
}
async function callback(provider: "alipay" | "sandbox", receivedAt: Date, o: { orderNo?: string; delayMs?: number; rejected?: boolean }) {
  await db().insert(callbackEvents).values({
    provider, receivedAt, headers: {}, body: "{}", source: "notify", verification: o.rejected ? "rejected" : "verified", outcome: o.rejected ? "rejected" : "applied",
    orderNo: o.orderNo ?? null, delayMs: o.rejected ? null : (o.delayMs ?? null),
  });
}
async function ticket(createdAt: Date, o: { orderNo?: string; type: "paid_not_updated" | "charged_twice" | "refund"; firstResponseAt?: Date; solvedAt?: Date; handleSeconds?: number; fcr?: boolean }) {
  const [row] = await db()
    .insert(tickets)
    .values({
      number: `T-KPI-${++n}`, subject: "s", description: "d", source: "console", createdBy: "agent@payops.test", createdAt, type: o.type, orderNo: o.orderNo ?? null,
      status: o.solvedAt ? "solved" : "open", firstResponseAt: o.firstResponseAt ?? null, solvedAt: o.solvedAt ?? null, handleSeconds: o.handleSeconds ?? null,
      firstContactResolution: o.fcr ?? null,
    })
    .returning({ id: tickets.id });
  return row!.id;
}
async function refund(orderNo: string, provider: "alipay" | "sandbox", o: { status: "succeeded" | "pending_approval" | "failed"; amountMinor: number; at: Date; decidedBy?: string }) {
  await db().insert(refunds).values({
    refundNo: `RF-KPI-${++n}`, orderId: orderIds.get(orderNo)!, orderNo, provider, userId: "u", kind: "refund", amountMinor: o.amountMinor, currency: "CNY",
    reasonCode: "customer_request", status: o.status, requestedBy: "agent", requestedByLabel: "agent", createdAt: o.at,
    decidedBy: o.decidedBy ?? null, decidedAt: o.decidedBy ? o.at : null, succeededAt: o.status === "succeeded" ? o.at : null,
  });
}
async function discrepancy(provider: "alipay" | "sandbox", o: { type: "status_mismatch" | "amount_mismatch"; risk: "high" | "medium"; differenceMinor: number; detectedAt: Date; resolvedAt?: Date; repairRule?: string }) {
  await db().insert(discrepancies).values({
    type: o.type, risk: o.risk, provider, ourFacts: {}, providerFacts: {}, differenceMinor: o.differenceMinor, detectedAt: o.detectedAt,
    status: o.resolvedAt ? "resolved" : "open", resolvedAt: o.resolvedAt ?? null, repairRule: o.repairRule ?? null,
  });
}

/**
 * The hand-computed data set. Current period: business days 2026-11-20 and 11-21; previous: 11-18 and 11-19;
 * baseline weeks: 11-13 and 11-06. Every expected number below is worked out by hand from these rows.
 */
async function seed() {
  // Payments, 11-20 10:00 local (02:00Z): o1 alipay paid 10.00; o2 alipay paid by our query 25.00; o3 alipay USD unpaid; o4 sandbox 3.00.
  const o1 = await order("alipay", Z("2026-11-20T02:00:05"), { amountMinor: 1000, paidVia: "notify" });
  const o2 = await order("alipay", Z("2026-11-20T02:10:00"), { amountMinor: 2500, paidVia: "query" });
  const o3 = await order("alipay", Z("2026-11-20T02:20:00"), { amountMinor: 700, currency: "USD" });
  const o4 = await order("sandbox", Z("2026-11-20T02:30:00"), { amountMinor: 300, paidVia: "notify" });
  // 11-21: o5 alipay paid 40.00.
  const o5 = await order("alipay", Z("2026-11-21T03:00:00"), { amountMinor: 4000, paidVia: "notify" });
  // Previous period: o6 paid 1.00, o7 unpaid 2.00 (11-18).
  const o6 = await order("alipay", Z("2026-11-18T02:00:00"), { amountMinor: 100, paidVia: "notify" });
  await order("alipay", Z("2026-11-18T02:05:00"), { amountMinor: 200 });
  // Baseline: one order 6.00 on 11-13, two of 8.00 on 11-06 (same local day of the week as 11-20).
  await order("alipay", Z("2026-11-13T05:00:00"), { amountMinor: 600, paidVia: "notify" });
  await order("alipay", Z("2026-11-06T05:00:00"), { amountMinor: 800, paidVia: "notify" });
  await order("sandbox", Z("2026-11-06T05:10:00"), { amountMinor: 800 });

  // Notifications: delays 1000 ms (bucket [1000,2000)), 3000 ms ([2000,5000)), 400 ms ([250,500)); one rejected; previous 250 ms.
  await callback("alipay", Z("2026-11-20T02:00:21"), { orderNo: o1, delayMs: 1_000 });
  await callback("sandbox", Z("2026-11-20T02:30:10"), { orderNo: o4, delayMs: 3_000 });
  await callback("alipay", Z("2026-11-20T02:40:00"), { rejected: true });
  await callback("alipay", Z("2026-11-21T03:00:30"), { orderNo: o5, delayMs: 400 });
  await callback("alipay", Z("2026-11-18T02:00:30"), { orderNo: o6, delayMs: 250 });
  await recordComplaint(db(), { provider: "alipay", at: Z("2026-11-20T02:05:00"), count: 2 });

  // Tickets: T1 (o1, alipay) answered after 300 s, solved the same day, handle 1200 s, first contact; T2 (no order)
  // answered after 3600 s, still open, SLA breached; T3 (o5, alipay) solved on 11-21, handle 100 s, not first contact.
  // Previous: T4 answered after 60 s, solved, handle 700 s, first contact.
  await ticket(Z("2026-11-20T02:10:00"), { orderNo: o1, type: "paid_not_updated", firstResponseAt: Z("2026-11-20T02:15:00"), solvedAt: Z("2026-11-20T03:10:00"), handleSeconds: 1200, fcr: true });
  const t2 = await ticket(Z("2026-11-20T04:00:00"), { type: "charged_twice", firstResponseAt: Z("2026-11-20T05:00:00") });
  await db().insert(ticketEvents).values({ ticketId: t2, kind: "sla_breached", actor: "system:sla", at: Z("2026-11-20T06:00:00") });
  await ticket(Z("2026-11-21T01:00:00"), { orderNo: o5, type: "paid_not_updated", solvedAt: Z("2026-11-21T02:00:00"), handleSeconds: 100, fcr: false });
  await ticket(Z("2026-11-18T02:00:00"), { type: "refund", firstResponseAt: Z("2026-11-18T02:01:00"), solvedAt: Z("2026-11-18T03:00:00"), handleSeconds: 700, fcr: true });

  // Refunds: instant 5.00 (alipay, 11-20), approved 12.00 (sandbox, 11-21), one waiting for approval, one failed.
  await refund(o1, "alipay", { status: "succeeded", amountMinor: 500, at: Z("2026-11-20T05:00:00") });
  await refund(o4, "sandbox", { status: "succeeded", amountMinor: 1200, at: Z("2026-11-21T06:00:00"), decidedBy: "manager-id" });
  await refund(o5, "alipay", { status: "pending_approval", amountMinor: 900, at: Z("2026-11-21T07:00:00") });
  await refund(o2, "alipay", { status: "failed", amountMinor: 100, at: Z("2026-11-21T07:00:00") });

  // Discrepancies: D1 repaired by a rule after 1800 s; D2 resolved by a person after 86400 s; D3 open; D4 open since 11-10.
  await discrepancy("alipay", { type: "status_mismatch", risk: "high", differenceMinor: 1000, detectedAt: Z("2026-11-20T03:00:00"), resolvedAt: Z("2026-11-20T03:30:00"), repairRule: "apply_payment" });
  await discrepancy("sandbox", { type: "amount_mismatch", risk: "medium", differenceMinor: 200, detectedAt: Z("2026-11-20T04:00:00"), resolvedAt: Z("2026-11-21T04:00:00") });
  await discrepancy("alipay", { type: "status_mismatch", risk: "high", differenceMinor: 3000, detectedAt: Z("2026-11-21T05:00:00") });
  await discrepancy("alipay", { type: "amount_mismatch", risk: "medium", differenceMinor: 50, detectedAt: Z("2026-11-10T00:00:00") });
  const imp = { fileName: "f.csv", source: "demo" as const, actorLabel: "test" };
  await db().insert(statementImports).values([
    { ...imp, provider: "alipay", businessDate: "2026-11-20", status: "completed", statementLines: 10, matched: 9 },
    { ...imp, provider: "sandbox", businessDate: "2026-11-20", status: "completed", statementLines: 5, matched: 5 },
    { ...imp, provider: "alipay", businessDate: "2026-11-21", status: "superseded", statementLines: 100, matched: 0 },
    { ...imp, provider: "alipay", businessDate: "2026-11-19", status: "completed", statementLines: 4, matched: 2 },
  ]);

  // Incidents: I1 alipay detected after 300 s, acknowledged after 180 s, resolved 3900 s after onset, 3 users notified
  // (plus one failed notice); I2 platform-wide, detected after 60 s, still open; previous I3 sandbox.
  const [i1] = await db().insert(incidents).values({ title: "Alipay callbacks", severity: "critical", provider: "alipay", status: "resolved", onsetAt: Z("2026-11-20T12:00:00"), openedAt: Z("2026-11-20T12:05:00"), resolvedAt: Z("2026-11-20T13:05:00"), openedBy: "system" }).returning({ id: incidents.id });
  await db().insert(incidentEvents).values([
    { incidentId: i1!.id, kind: "alert_acknowledged", at: Z("2026-11-20T12:08:00"), actor: "ops" },
    { incidentId: i1!.id, kind: "commander_set", at: Z("2026-11-20T12:20:00"), actor: "ops" },
  ]);
  for (const [orderNo, status] of [[o1, "sent"], [o2, "sent"], [o3, "sent"], [o4, "failed"]] as const) {
    await db().insert(userNotices).values({ orderNo, userId: `notified-${orderNo}`, situation: "payment_delayed", status, incidentId: i1!.id, createdBy: "ops" });
  }
  await db().insert(incidents).values({ title: "All providers", severity: "warning", provider: "*", onsetAt: Z("2026-11-21T01:00:00"), openedAt: Z("2026-11-21T01:01:00"), openedBy: "system" });
  const [i3] = await db().insert(incidents).values({ title: "Sandbox", severity: "warning", provider: "sandbox", status: "resolved", onsetAt: Z("2026-11-18T01:00:00"), openedAt: Z("2026-11-18T01:02:00"), resolvedAt: Z("2026-11-18T01:12:00"), openedBy: "system" }).returning({ id: incidents.id });
  await db().insert(incidentEvents).values({ incidentId: i3!.id, kind: "commander_set", at: Z("2026-11-18T01:02:30"), actor: "ops" });

  await rollupMetrics(db(), { now: NOW, from: Z("2026-11-01T00:00:00"), settleMs: 60_000 });
  await rollupKpis(db(), { now: NOW, from: Z("2026-11-01T00:00:00") });
}

describe("KPI rollups and dashboard queries (hand-computed)", () => {
  beforeAll(seed);

  it("payments: figures, per-provider success, volume against the baseline, callbacks, fixed by query", async () => {
    const p = await getPaymentKpis(db(), byDay);
    expect(p.figures).toEqual({
      successRate: { value: 4 / 5, previous: 1 / 2 },
      attempts: { value: 5, previous: 2 },
      amountMinor: { value: 7800, previous: 300 },
      // verified delays 400 | 1000 | 3000 → rank 1.5 in [1000,2000): 1000 + 1000·0.5; rank 2.85 in [2000,5000): 2000 + 3000·0.85
      callbackDelayP50Ms: { value: 1500, previous: 375 },
      callbackDelayP95Ms: { value: 4550, previous: 488 },
      callbackFailureRate: { value: 1 / 4, previous: 0 },
      fixedByQuery: { value: 1, previous: 0 },
    });
    expect(p.successByProvider).toEqual([
      { t: DAY20, provider: "alipay", attempts: 3, successes: 2 },
      { t: DAY20, provider: "sandbox", attempts: 1, successes: 1 },
      { t: DAY21, provider: "alipay", attempts: 1, successes: 1 },
    ]);
    // baseline of 11-20: the weeks with rollup rows are 11-13 (1 order, 6.00) and 11-06 (2 orders, 16.00)
    expect(p.volume).toEqual([
      { t: DAY20, attempts: 4, amountMinor: 3800, baselineAttempts: 1.5, baselineAmountMinor: 1100 },
      // 11-14 and 11-07 were rolled up with no orders (zeros count); 10-31 and 10-24 have no rollup rows at all
      { t: DAY21, attempts: 1, amountMinor: 4000, baselineAttempts: 0, baselineAmountMinor: 0 },
    ]);
    expect(p.callbacks).toEqual([
      { t: DAY20, callbacks: 3, failures: 1, p50Ms: 2000, p95Ms: 4700 },
      { t: DAY21, callbacks: 1, failures: 0, p50Ms: 375, p95Ms: 488 },
    ]);
    expect(p.fixedByQuery).toEqual([{ t: DAY20, count: 1 }, { t: DAY21, count: 0 }]);
    expect(p.currency).toBe("CNY");

    const alipay = await getPaymentKpis(db(), { ...byDay, provider: "alipay" });
    expect(alipay.figures.successRate).toEqual({ value: 3 / 4, previous: 1 / 2 });
    expect(alipay.figures.amountMinor.value).toBe(7500);
    expect(alipay.successByProvider.map((r) => r.provider)).toEqual(["alipay", "alipay"]);

    // Hour buckets: the 02:00Z hour of 11-20 holds o1..o4.
    const hourly = await getPaymentKpis(db(), { from: Z("2026-11-20T01:00:00"), to: Z("2026-11-20T04:00:00"), provider: null, bucket: "hour" });
    expect(hourly.volume.map((v) => [v.t.toISOString(), v.attempts])).toEqual([
      ["2026-11-20T01:00:00.000Z", 0],
      ["2026-11-20T02:00:00.000Z", 4],
      ["2026-11-20T03:00:00.000Z", 0],
    ]);
  });

  it("customer service: complaints, tickets, backlog, SLA, medians, first contact, refunds, approvals, topics", async () => {
    const s = await getServiceKpis(db(), byDay);
    expect(s.figures).toEqual({
      complaints: { value: 2, previous: 0 },
      complaintRate: { value: 2 / 5, previous: 0 },
      ticketsOpened: { value: 3, previous: 1 },
      ticketsResolved: { value: 2, previous: 1 },
      backlog: { value: 1, previous: 0 },
      slaBreaches: { value: 1, previous: 0 },
      // first responses 300 s | 3600 s → rank 1 at the top of [300,600); previous 60 s → middle of [60,300)
      firstResponseMedianS: { value: 600, previous: 180 },
      // handle 100 s | 1200 s → rank 1 at the top of [60,300); previous 700 s → middle of [600,900)
      handleMedianS: { value: 300, previous: 750 },
      fcrRate: { value: 1 / 2, previous: 1 },
      refundCount: { value: 2, previous: 0 },
      refundAmountMinor: { value: 1700, previous: 0 },
      approvalsPending: { value: 1, previous: null },
    });
    expect(s.complaints).toEqual([{ t: DAY20, complaints: 2, attempts: 4 }, { t: DAY21, complaints: 0, attempts: 1 }]);
    expect(s.tickets).toEqual([{ t: DAY20, opened: 2, resolved: 1, backlog: 1 }, { t: DAY21, opened: 1, resolved: 1, backlog: 1 }]);
    expect(s.sla).toEqual([{ t: DAY20, breaches: 1 }, { t: DAY21, breaches: 0 }]);
    expect(s.refunds).toEqual([
      { t: DAY20, level: "instant", count: 1, amountMinor: 500 },
      { t: DAY20, level: "approved", count: 0, amountMinor: 0 },
      { t: DAY21, level: "instant", count: 0, amountMinor: 0 },
      { t: DAY21, level: "approved", count: 1, amountMinor: 1200 },
    ]);
    expect(s.topics).toEqual([{ type: "paid_not_updated", count: 2 }, { type: "charged_twice", count: 1 }]);

    // Tickets follow their order's provider; the order-less T2 counts only overall.
    const alipay = await getServiceKpis(db(), { ...byDay, provider: "alipay" });
    expect(alipay.figures.ticketsOpened.value).toBe(2);
    expect(alipay.figures.backlog.value).toBe(0);
    expect(alipay.figures.refundCount.value).toBe(1);
    expect(alipay.figures.approvalsPending.value).toBe(1);
    expect((await getServiceKpis(db(), { ...byDay, provider: "sandbox" })).figures.approvalsPending.value).toBe(0);
  });

  it("reconciliation: match rate, by type and risk, auto vs manual, resolve time, amount at risk, oldest open", async () => {
    const r = await getReconKpis(db(), byDay);
    expect(r.figures).toEqual({
      matchRate: { value: 14 / 15, previous: 2 / 4 },
      discrepancies: { value: 3, previous: 0 },
      amountAtRiskMinor: { value: 3050, previous: null },
      autoRepaired: { value: 1, previous: 0 },
      manual: { value: 1, previous: 0 },
      // 1800 s | 86400 s → rank 1 at the top of [1800,3600)
      resolveMedianS: { value: 3600, previous: null },
      // open since 11-10T00:00Z, measured at the end of the range 11-21T16:00Z: 11 days 16 hours
      oldestOpenAgeS: { value: 11 * 86_400 + 16 * 3_600, previous: null },
    });
    expect(r.matchRate).toEqual([{ day: "2026-11-20", lines: 15, matched: 14 }]);
    expect(r.byTypeRisk).toEqual([
      { type: "status_mismatch", risk: "high", count: 2, amountMinor: 4000 },
      { type: "amount_mismatch", risk: "medium", count: 1, amountMinor: 200 },
    ]);
    expect(r.resolution).toEqual([{ t: DAY20, auto: 1, manual: 0 }, { t: DAY21, auto: 0, manual: 1 }]);
    expect(r.oldestOpen).toMatchObject({ type: "amount_mismatch", createdAt: Z("2026-11-10T00:00:00") });

    const sandbox = await getReconKpis(db(), { ...byDay, provider: "sandbox" });
    expect(sandbox.figures.matchRate.value).toBe(1);
    expect(sandbox.figures.amountAtRiskMinor.value).toBe(0);
    expect(sandbox.oldestOpen).toBeNull();

    // A range that ends before the oldest open item was found: none was open then.
    const before = await getReconKpis(db(), { from: Z("2026-11-08T16:00:00"), to: Z("2026-11-09T16:00:00"), provider: null, bucket: "day" });
    expect(before.oldestOpen).toBeNull();
    expect(before.figures.oldestOpenAgeS.value).toBeNull();
    // ending one second after it was found: one second old
    const just = await getReconKpis(db(), { from: Z("2026-11-09T00:00:01"), to: Z("2026-11-10T00:00:01"), provider: null, bucket: "day" });
    expect(just.figures.oldestOpenAgeS.value).toBe(1);
  });

  it("incidents: count, detect / acknowledge / resolve medians, users notified", async () => {
    const i = await getIncidentKpis(db(), byDay);
    expect(i.figures).toEqual({
      count: { value: 2, previous: 1 },
      detectMedianS: { value: 180, previous: 120 },
      ackMedianS: { value: 180, previous: 30 },
      resolveMedianS: { value: 3900, previous: 720 },
      usersNotified: { value: 3, previous: 0 },
    });
    expect(i.items.map((x) => [x.title, x.detectS, x.ackS, x.resolveS, x.usersNotified])).toEqual([
      ["All providers", 60, null, null, 0],
      ["Alipay callbacks", 300, 180, 3900, 3],
    ]);
    // A provider filter keeps that provider's incidents and the platform-wide ones.
    expect((await getIncidentKpis(db(), { ...byDay, provider: "sandbox" })).items.map((x) => x.title)).toEqual(["All providers"]);
  });

  it("compares with the previous period only where the rollups cover all of it", async () => {
    const [first] = await db().select({ hour: sql<string>`min(${kpiHours.hour})` }).from(kpiHours);
    const start = new Date(first!.hour);
    // The rollups begin at `start`: a range whose previous period starts one hour earlier has no comparison…
    const to = END;
    const uncovered: KpiQuery = { from: new Date((start.getTime() - 3_600_000 + to.getTime()) / 2), to, provider: null, bucket: "day" };
    // …one whose previous period starts exactly there has one.
    const covered: KpiQuery = { ...uncovered, from: new Date((start.getTime() + to.getTime()) / 2) };
    for (const get of [getPaymentKpis, getServiceKpis, getReconKpis, getIncidentKpis] as const) {
      const none = Object.values((await get(db(), uncovered)).figures as Record<string, { previous: number | null }>);
      expect(none.every((f) => f.previous === null)).toBe(true);
      const some = Object.values((await get(db(), covered)).figures as Record<string, { previous: number | null }>);
      expect(some.some((f) => f.previous !== null)).toBe(true);
    }
  });

  it("is idempotent, and the incremental run equals a full recompute", async () => {
    const snapshot = async () => ({
      hours: (await db().select().from(kpiHours).orderBy(kpiHours.provider, kpiHours.hour)).map(({ createdAt: _c, updatedAt: _u, ...r }) => r),
      counts: (await db().select().from(kpiHourCounts).orderBy(kpiHourCounts.provider, kpiHourCounts.dimension, kpiHourCounts.hour, kpiHourCounts.key)).map(({ createdAt: _c, updatedAt: _u, ...r }) => r),
    });
    const full = await snapshot();
    await rollupKpis(db(), { now: NOW, from: Z("2026-11-01T00:00:00") });
    expect(await snapshot()).toEqual(full);

    // New traffic in the current hour: the default (incremental) run absorbs it...
    const at = Z("2026-11-22T00:00:30");
    const o = await order("alipay", at, { amountMinor: 1234, paidVia: "notify" });
    await callback("alipay", Z("2026-11-22T00:00:40"), { orderNo: o, delayMs: 600 });
    const later = Z("2026-11-22T00:02:00");
    await rollupMetrics(db(), { now: later, settleMs: 60_000 });
    expect(await rollupKpis(db(), { now: later })).toEqual({ hours: 2 });
    const incremental = await snapshot();
    const [row] = await db().select().from(kpiHours).where(eq(kpiHours.hour, Z("2026-11-22T00:00:00")));
    expect(row).toMatchObject({ provider: "*", attempts: 1, amountMinor: 1234, callbacks: 1 });
    // ...exactly as a full recompute does.
    await rollupKpis(db(), { now: later, from: Z("2026-11-01T00:00:00") });
    expect(await snapshot()).toEqual(incremental);
  });
});
