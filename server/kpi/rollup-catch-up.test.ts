import { and, asc, eq, gte, lt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callbackEvents, kpiDirtyHours, kpiHourCounts, kpiHours, metricMinutes, orders, tickets } from "@/db/schema";
import { rollupMetrics } from "@/server/metrics/rollup-metrics";
import { changeTicketStatus } from "@/server/tickets/change-ticket-status";
import { useTestDb } from "@/test/db";
import { rollupKpis } from "./rollup-kpis";

const db = useTestDb();
const Z = (iso: string) => new Date(`${iso}Z`);

/** The per-minute job: the same two calls, in the same order, as metrics.rollup-and-alerts. */
async function runJob(now: Date) {
  const metrics = await rollupMetrics(db(), { now });
  await rollupKpis(db(), { now });
  return metrics;
}

/** kpi_hours and kpi_hour_counts of [from, to) without their write stamps, in a stable order. */
async function snapshot(from: Date, to: Date) {
  const hours = await db().select().from(kpiHours).where(and(gte(kpiHours.hour, from), lt(kpiHours.hour, to))).orderBy(asc(kpiHours.hour), asc(kpiHours.provider));
  const counts = await db()
    .select()
    .from(kpiHourCounts)
    .where(and(gte(kpiHourCounts.hour, from), lt(kpiHourCounts.hour, to)))
    .orderBy(asc(kpiHourCounts.hour), asc(kpiHourCounts.provider), asc(kpiHourCounts.key));
  return { hours: hours.map(({ createdAt: _c, updatedAt: _u, ...r }) => r), counts: counts.map(({ createdAt: _c, updatedAt: _u, ...r }) => r) };
}
const hourRow = async (hour: Date, provider: string) => (await db().select().from(kpiHours).where(and(eq(kpiHours.hour, hour), eq(kpiHours.provider, provider))))[0];

describe("incremental rollups catch up with late writes", () => {
  it("counts a payment that lands two hours after its order in the order's minute and hour, once", async () => {
    // One alipay order of 12.00 at 02:00:10, unpaid; the job runs every so often (not every minute: the result is the same).
    const created = Z("2026-11-20T02:00:10");
    await db().insert(orders).values({ orderNo: "LATE1", userId: "u1", amountMinor: 1200, currency: "CNY", provider: "alipay", createdAt: created });
    await runJob(Z("2026-11-20T02:05:00"));
    await runJob(Z("2026-11-20T03:30:00"));
    expect(await hourRow(Z("2026-11-20T02:00:00"), "alipay")).toMatchObject({ attempts: 1, successes: 0, amountMinor: 1200, callbacks: 0 });

    // 04:00:20: the provider's notification arrives (two hours late) and the order is paid.
    await db().update(orders).set({ status: "PAID", paidAt: Z("2026-11-20T04:00:20"), paidVia: "notify" }).where(eq(orders.orderNo, "LATE1"));
    await db().insert(callbackEvents).values({
      provider: "alipay", receivedAt: Z("2026-11-20T04:00:20"), headers: {}, body: "{}", source: "notify", verification: "verified", outcome: "applied", orderNo: "LATE1", delayMs: 400,
    });
    const run = await runJob(Z("2026-11-20T04:01:30"));
    expect(run.lateMinutes).toEqual([Z("2026-11-20T02:00:00")]);
    // The minute rollup marked the hour; the KPI rollup recomputed it and cleared the mark.
    expect(await db().select().from(kpiDirtyHours)).toEqual([]);

    // The order's cohort minute now has its success and no missing callback; the notification counts where it arrived.
    const [minute] = await db().select().from(metricMinutes).where(and(eq(metricMinutes.minute, Z("2026-11-20T02:00:00")), eq(metricMinutes.provider, "alipay")));
    expect(minute).toMatchObject({ attempts: 1, successes: 1, callbacksMissing: 0, amountMinor: 1200 });
    expect(await hourRow(Z("2026-11-20T02:00:00"), "alipay")).toMatchObject({ attempts: 1, successes: 1, amountMinor: 1200, callbacks: 0 });
    expect(await hourRow(Z("2026-11-20T02:00:00"), "*")).toMatchObject({ attempts: 1, successes: 1 });
    expect(await hourRow(Z("2026-11-20T04:00:00"), "alipay")).toMatchObject({ attempts: 0, successes: 0, callbacks: 1 });

    // Running again changes nothing, and the result is what a backfill of the whole day gives.
    const from = Z("2026-11-20T00:00:00");
    const to = Z("2026-11-20T05:00:00");
    const once = await snapshot(from, to);
    await runJob(Z("2026-11-20T04:01:30"));
    expect(await snapshot(from, to)).toEqual(once);
    await rollupMetrics(db(), { now: Z("2026-11-20T04:01:30"), from });
    await rollupKpis(db(), { now: Z("2026-11-20T04:01:30"), from: Z("2026-11-20T02:00:00") });
    expect(await snapshot(from, to)).toEqual(once);
  });

  it("un-resolves a ticket's day when it is reopened a day later", async () => {
    // Opened 11-21 03:10, solved 05:20 (no order: it counts in "*" only); the job ran through the day.
    const [t] = await db()
      .insert(tickets)
      .values({
        number: "T-LATE-1", subject: "s", description: "d", source: "console", createdBy: "agent@payops.test", type: "paid_not_updated",
        createdAt: Z("2026-11-21T03:10:00"), status: "solved", solvedAt: Z("2026-11-21T05:20:00"), handleSeconds: 7_800, firstContactResolution: true,
      })
      .returning({ id: tickets.id });
    await runJob(Z("2026-11-21T06:00:30"));
    await runJob(Z("2026-11-22T05:30:00"));
    const day = { from: Z("2026-11-21T00:00:00"), to: Z("2026-11-22T00:00:00") };
    const sum = (rows: { ticketsResolved: number; fcrYes: number }[]) => ({
      resolved: rows.reduce((a, r) => a + r.ticketsResolved, 0),
      fcr: rows.reduce((a, r) => a + r.fcrYes, 0),
    });
    const dayRows = async () => (await snapshot(day.from, day.to)).hours.filter((r) => r.provider === "*");
    expect(sum(await dayRows())).toEqual({ resolved: 1, fcr: 1 });
    expect(await hourRow(Z("2026-11-21T04:00:00"), "*")).toMatchObject({ ticketsBacklog: 1 });
    expect(await hourRow(Z("2026-11-21T05:00:00"), "*")).toMatchObject({ ticketsResolved: 1, ticketsBacklog: 0 });
    expect(await hourRow(Z("2026-11-21T20:00:00"), "*")).toMatchObject({ ticketsBacklog: 0 });

    // 11-22 06:00: the requester writes back and the ticket reopens; the next run rewrites the 21st.
    await changeTicketStatus(db(), t!.id, "open", { id: null, label: "agent@payops.test" }, Z("2026-11-22T06:00:00"));
    await runJob(Z("2026-11-22T06:01:00"));
    expect(sum(await dayRows())).toEqual({ resolved: 0, fcr: 0 });
    // Open at the end of every hour from 03:00 on the 21st (03:00 to 23:00: 21 hours that day) to now.
    expect((await dayRows()).map((r) => r.ticketsBacklog).reduce((a, b) => a + b, 0)).toBe(21);
    expect(await hourRow(Z("2026-11-21T05:00:00"), "*")).toMatchObject({ ticketsResolved: 0, ticketsBacklog: 1 });
    expect(await hourRow(Z("2026-11-22T03:00:00"), "*")).toMatchObject({ ticketsBacklog: 1 });

    const whole = { from: Z("2026-11-21T00:00:00"), to: Z("2026-11-22T07:00:00") };
    const once = await snapshot(whole.from, whole.to);
    await runJob(Z("2026-11-22T06:01:00"));
    expect(await snapshot(whole.from, whole.to)).toEqual(once);
    await rollupKpis(db(), { now: Z("2026-11-22T06:01:00"), from: Z("2026-11-21T03:00:00") });
    expect(await snapshot(whole.from, whole.to)).toEqual(once);
  });
});
