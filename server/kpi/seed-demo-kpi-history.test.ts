import { inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { discrepancies, tickets } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { getPaymentKpis } from "./get-payment-kpis";
import { getServiceKpis } from "./get-service-kpis";
import { KPI_DIP_HOUR, seedDemoKpiHistory } from "./seed-demo-kpi-history";

const db = useTestDb();
const NOW = new Date("2026-11-26T06:30:00Z"); // 14:30 in Asia/Shanghai
const DAY = 86_400_000;
// 2026-11-26 starts at 11-25T16:00Z; the dip of day −12 is 11-14 20:00–21:00 local = 11-14T12:00Z.
const dipStart = (daysAgo: number) => new Date(Date.parse("2026-11-25T16:00:00Z") - daysAgo * DAY + KPI_DIP_HOUR * 3_600_000);

describe("seedDemoKpiHistory", () => {
  it("lays 30 days of history through the rollups, with the two Alipay dips, and leaves no open work", async () => {
    const started = performance.now();
    const { orders } = await seedDemoKpiHistory(db(), { now: NOW });
    const ms = performance.now() - started;
    expect(orders).toBeGreaterThan(30 * 120);

    const month = await getPaymentKpis(db(), { from: new Date(Date.parse("2026-10-26T16:00:00Z")), to: new Date(Date.parse("2026-11-25T16:00:00Z")), provider: null, bucket: "day" });
    expect(month.volume).toHaveLength(30);
    expect(month.volume.every((v) => v.attempts > 80)).toBe(true);
    expect(month.figures.successRate.value).toBeGreaterThan(0.9);
    expect(month.figures.callbackDelayP50Ms.value).toBeGreaterThan(250);

    for (const daysAgo of [12, 5]) {
      const from = new Date(dipStart(daysAgo).getTime() - 3_600_000);
      const hours = await getPaymentKpis(db(), { from, to: new Date(from.getTime() + 3 * 3_600_000), provider: "alipay", bucket: "hour" });
      const [before, dip] = hours.successByProvider;
      expect(dip!.t).toEqual(dipStart(daysAgo));
      expect(dip!.successes / dip!.attempts).toBeLessThan(0.7);
      expect(before!.successes / before!.attempts).toBeGreaterThan(0.8);
      expect(hours.fixedByQuery[1]!.count).toBeGreaterThan(0);
    }
    const service = await getServiceKpis(db(), { from: new Date(Date.parse("2026-10-26T16:00:00Z")), to: NOW, provider: null, bucket: "day" });
    expect(service.figures.ticketsOpened.value).toBeGreaterThan(100);
    expect(service.figures.refundCount.value).toBeGreaterThan(40);
    expect(service.figures.fcrRate.value).toBeGreaterThan(0.5);

    const [open] = await db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(tickets).where(inArray(tickets.status, ["new", "open", "pending", "pending_approval"]));
    const [openD] = await db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(discrepancies).where(inArray(discrepancies.status, ["open", "waiting"]));
    expect([open!.n, openD!.n]).toEqual([0, 0]);
    console.info(`seedDemoKpiHistory: ${Math.round(ms)} ms`); // no timed assertion: the machine is shared
  });
});
