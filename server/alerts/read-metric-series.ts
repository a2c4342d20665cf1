import "server-only";
import { and, gte, lte, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { metricMinutes } from "@/db/schema";
import { MINUTE_MS, type DetectionRule, type MinuteSample } from "./detect/types";

const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * The rollup minutes the rules need to judge [fromTs, toTs]: the recent hours, and the same stretch a day
 * and a week ago for each earlier day/week the seasonal baseline looks at. Grouped by scope.
 */
export async function readMetricSeries(db: Db, rules: readonly DetectionRule[], fromTs: number, toTs: number): Promise<Map<string, Map<number, MinuteSample>>> {
  const maxWindow = Math.max(1, ...rules.map((r) => r.maxWindowMinutes));
  const margin = (3 * maxWindow + 1) * MINUTE_MS;
  const recentMs = Math.max(...rules.map((r) => r.fallbackHours * 60 * MINUTE_MS + (r.maxWindowMinutes + r.pendingMinutes + 1) * MINUTE_MS), margin);
  const weeks = Math.max(1, ...rules.map((r) => r.baselineWeeks));
  const ranges: [number, number][] = [[fromTs - recentMs - margin, toTs]];
  for (let d = 1; d <= 6; d++) ranges.push([fromTs - d * DAY_MS - margin, toTs - d * DAY_MS + margin]);
  for (let w = 1; w <= weeks; w++) ranges.push([fromTs - w * 7 * DAY_MS - margin, toTs - w * 7 * DAY_MS + margin]);
  const rows = await db
    .select()
    .from(metricMinutes)
    .where(or(...ranges.map(([a, b]) => and(gte(metricMinutes.minute, new Date(a)), lte(metricMinutes.minute, new Date(b))))));
  const byScope = new Map<string, Map<number, MinuteSample>>();
  for (const r of rows) {
    const ts = r.minute.getTime();
    let series = byScope.get(r.provider);
    if (!series) byScope.set(r.provider, (series = new Map()));
    series.set(ts, {
      ts, attempts: r.attempts, successes: r.successes, callbacks: r.callbacks, callbackFailures: r.callbackFailures, callbacksMissing: r.callbacksMissing,
      callbackDelayP95Ms: r.callbackDelayP95Ms, amountMinor: r.amountMinor, complaints: r.complaints,
    });
  }
  return byScope;
}
