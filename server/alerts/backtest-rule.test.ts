import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { alerts, incidents, metricMinutes } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { backtestRule } from "./backtest-rule";

const db = useTestDb();
const MIN = 60_000;
// 2026-11-21 00:00 in Asia/Shanghai (the business time zone): the window is 2026-11-13 23:59 … 2026-11-20 23:58 there.
const NOW = new Date("2026-11-20T16:00:00Z");
const OUTAGES = [
  Date.parse("2026-11-15T02:00:00Z"), // 10:00 on the 15th, business time
  Date.parse("2026-11-18T17:00:00Z"), // 01:00 on the 19th business time (still the 18th in UTC)
];
const inOutage = (ts: number) => OUTAGES.some((o) => ts >= o && ts < o + 10 * MIN);

const providerDown = {
  metric: "callback_failure_rate" as const, kind: "threshold" as const, direction: "rise" as const, severity: "critical" as const,
  params: { threshold: 0.9, resolveThreshold: 0.5, windowMinutes: 2, maxWindowMinutes: 2, minVolume: 20, pendingMinutes: 0, resolveMinutes: 3 },
};

beforeAll(async () => {
  // 8 days of steady sandbox traffic (30 orders and callbacks a minute), per provider and overall, with two 10-minute
  // callback outages: nothing notified, every expected callback missing.
  const rows = [];
  for (let ts = NOW.getTime() - 8 * 24 * 60 * MIN; ts < NOW.getTime(); ts += MIN) {
    const down = inOutage(ts);
    const r = { minute: new Date(ts), attempts: 30, successes: 29, users: 30, callbacks: down ? 0 : 29, callbacksMissing: down ? 29 : 0, callbackDelayP95Ms: down ? null : 1_800, amountMinor: 60_000 };
    rows.push({ ...r, provider: "sandbox" }, { ...r, provider: "*" });
  }
  for (let i = 0; i < rows.length; i += 2_000) await db().insert(metricMinutes).values(rows.slice(i, i + 2_000));
});

describe("backtestRule", () => {
  it("fires exactly at the known outages, per scope, with per-day counts in business time including the zero days", async () => {
    const r = await backtestRule(db(), { rule: { ...providerDown, scopes: ["provider", "overall"] }, days: 7 }, NOW);
    expect(r.from).toEqual(new Date("2026-11-13T15:59:00Z"));
    expect(r.to).toEqual(new Date("2026-11-20T15:58:00Z"));
    expect(r.fired).toBe(4);
    // Fires on the outage's second minute (its 2-minute window is then all missing), resolves 3 clear minutes after.
    expect(r.alerts).toEqual([
      { provider: "*", onsetAt: new Date(OUTAGES[0]! + MIN), firedAt: new Date(OUTAGES[0]! + MIN), resolvedAt: new Date(OUTAGES[0]! + 12 * MIN) },
      { provider: "sandbox", onsetAt: new Date(OUTAGES[0]! + MIN), firedAt: new Date(OUTAGES[0]! + MIN), resolvedAt: new Date(OUTAGES[0]! + 12 * MIN) },
      { provider: "*", onsetAt: new Date(OUTAGES[1]! + MIN), firedAt: new Date(OUTAGES[1]! + MIN), resolvedAt: new Date(OUTAGES[1]! + 12 * MIN) },
      { provider: "sandbox", onsetAt: new Date(OUTAGES[1]! + MIN), firedAt: new Date(OUTAGES[1]! + MIN), resolvedAt: new Date(OUTAGES[1]! + 12 * MIN) },
    ]);
    expect(r.perDay).toEqual([
      { day: "2026-11-13", count: 0 },
      { day: "2026-11-14", count: 0 },
      { day: "2026-11-15", count: 2 },
      { day: "2026-11-16", count: 0 },
      { day: "2026-11-17", count: 0 },
      { day: "2026-11-18", count: 0 },
      { day: "2026-11-19", count: 2 },
      { day: "2026-11-20", count: 0 },
    ]);
    // The overall series, downsampled: at most 500 points over the window, the outages visible as peaks.
    expect(r.series.length).toBeLessThanOrEqual(500);
    expect(r.series.length).toBeGreaterThan(400);
    expect(r.series[0]!.minute).toEqual(r.from);
    expect(Math.max(...r.series.map((p) => p.value ?? 0))).toBeGreaterThan(0.2);
    expect(r.series.filter((p) => (p.value ?? 0) > 0).length).toBeLessThanOrEqual(4);
  });

  it("judges only the scopes the draft names, and a stricter draft fires nothing", async () => {
    const providerOnly = await backtestRule(db(), { rule: { ...providerDown, scopes: ["provider"] }, days: 7 }, NOW);
    expect(providerOnly.alerts.map((a) => a.provider)).toEqual(["sandbox", "sandbox"]);
    // The overall line is still drawn for the chart.
    expect(providerOnly.series.some((p) => p.value !== null)).toBe(true);
    const strict = await backtestRule(db(), { rule: { ...providerDown, params: { ...providerDown.params, minVolume: 100 }, scopes: ["provider"] }, days: 7 }, NOW);
    expect(strict.fired).toBe(0);
    expect(strict.perDay.every((d) => d.count === 0)).toBe(true);
  });

  it("30 days: the whole window is listed (zeros where no rollups exist) and it stays fast; nothing is written", async () => {
    const started = performance.now();
    const r = await backtestRule(db(), { rule: { ...providerDown, scopes: ["provider", "overall"] }, days: 30 }, NOW);
    const ms = performance.now() - started;
    console.log(`backtest 30 days × 2 scopes over 8 days of rollups: ${Math.round(ms)} ms`);
    expect(r.perDay).toHaveLength(31);
    expect(r.perDay[0]).toEqual({ day: "2026-10-21", count: 0 });
    expect(r.fired).toBe(4);
    expect(ms).toBeLessThan(10_000);
    expect(await db().select().from(alerts)).toEqual([]);
    expect(await db().select().from(incidents)).toEqual([]);
    const [count] = await db().select({ n: sql<number>`count(*)::int` }).from(metricMinutes);
    expect(count!.n).toBe(8 * 24 * 60 * 2);
  });

  it("refuses an invalid draft with the schema's issues", async () => {
    await expect(backtestRule(db(), { rule: { ...providerDown, params: { windowMinutes: 2 }, scopes: ["provider"] }, days: 7 }, NOW)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      issues: [expect.objectContaining({ path: ["threshold"] })],
    });
  });
});
