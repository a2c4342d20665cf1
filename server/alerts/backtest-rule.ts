import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ALL_PROVIDERS, metricMinutes } from "@/db/schema";
import type { AlertDirection, AlertMetric, AlertRuleKind, AlertSeverity } from "@/lib/alerts";
import { getEnv } from "@/server/env";
import { rowsOf } from "@/server/lib/sql";
import { observe } from "./detect/observe";
import { stepRule } from "./detect/step-rule";
import { INITIAL_STATE, MINUTE_MS, type DetectionRule, type MinuteSample, type RuleState } from "./detect/types";
import { isCountMetric, windowValue } from "./detect/window-value";
import type { RuleParams } from "./list-rules";
import { validateDraftRule } from "./update-rule";

const DAY_MS = 24 * 60 * MINUTE_MS;
export const BACKTEST_DAYS = [7, 30] as const;
export const BACKTEST_MAX_POINTS = 500;

export interface BacktestInput {
  rule: { metric: AlertMetric; kind: AlertRuleKind; direction: AlertDirection; severity: AlertSeverity; params: RuleParams; scopes: ("provider" | "overall")[]; inhibitsProvider?: boolean };
  days: (typeof BACKTEST_DAYS)[number];
}

export interface BacktestResult {
  days: number;
  from: Date;
  to: Date;
  fired: number;
  alerts: { provider: string; firedAt: Date; resolvedAt: Date | null; onsetAt: Date }[];
  /** One entry per calendar day (business time zone) the window touches, zeros included. */
  perDay: { day: string; count: number }[];
  /** The overall scope's value as the rule sees it, averaged into at most BACKTEST_MAX_POINTS buckets. */
  series: { minute: Date; value: number | null }[];
}

interface RollupRow {
  ts: string | number;
  provider: string;
  attempts: number;
  successes: number;
  callbacks: number;
  callback_failures: number;
  callbacks_missing: number;
  delay: string | number | null;
  amount: string | number;
  complaints: number;
}

/** How far before the window the rule looks: its seasonal baseline (weeks back) or just its longest window. */
function historyMs(rule: DetectionRule): number {
  const margin = (3 * rule.maxWindowMinutes + 1) * MINUTE_MS;
  if (rule.kind === "threshold") return rule.maxWindowMinutes * MINUTE_MS + margin;
  return Math.max(rule.baselineWeeks * 7 * DAY_MS, rule.fallbackHours * 60 * MINUTE_MS) + margin;
}

/** All the rollup minutes the backtest needs, in one query, grouped by scope. */
async function readRollups(db: Db, rule: DetectionRule, fromTs: number, toTs: number): Promise<Map<string, Map<number, MinuteSample>>> {
  // The overall rows are always read: the chart draws the overall line whatever scopes the draft judges.
  const scope = rule.scopes.includes("provider") ? sql`true` : sql`provider = ${ALL_PROVIDERS}`;
  const rows = rowsOf<RollupRow>(
    await db.execute(sql`
      SELECT (extract(epoch FROM minute) * 1000)::bigint AS ts, provider, attempts, successes, callbacks, callback_failures, callbacks_missing,
             ${metricMinutes.callbackDelayP95Ms} AS delay, amount_minor AS amount, complaints
      FROM metric_minutes
      WHERE minute >= ${new Date(fromTs).toISOString()}::timestamptz AND minute <= ${new Date(toTs).toISOString()}::timestamptz AND ${scope}`),
  );
  const byScope = new Map<string, Map<number, MinuteSample>>();
  for (const r of rows) {
    const ts = Number(r.ts);
    let series = byScope.get(r.provider);
    if (!series) byScope.set(r.provider, (series = new Map()));
    series.set(ts, {
      ts, attempts: r.attempts, successes: r.successes, callbacks: r.callbacks, callbackFailures: r.callback_failures, callbacksMissing: r.callbacks_missing,
      callbackDelayP95Ms: r.delay === null ? null : Number(r.delay), amountMinor: Number(r.amount), complaints: r.complaints,
    });
  }
  return byScope;
}

export function businessDay(ts: number, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ts));
}

/** Every business-calendar day that [fromTs, toTs] touches, in order. */
function daysOf(fromTs: number, toTs: number, timeZone: string): string[] {
  const fmt = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const days: string[] = [];
  // Hourly steps cannot skip a day in any time zone (offsets are whole quarter-hours, days ≥ 23 h).
  for (let ts = fromTs; ; ts = Math.min(ts + 60 * MINUTE_MS, toTs)) {
    const d = fmt.format(new Date(ts));
    if (days[days.length - 1] !== d) days.push(d);
    if (ts >= toTs) break;
  }
  return days;
}

/**
 * What a draft rule would have fired over the last 7 or 30 days of stored rollups: the evaluator's own
 * detector (observe + stepRule, minute by minute per scope, as replay-series does) over one read of
 * metric_minutes. Writes nothing. Inhibition and silences are not applied: they mute notifications, not
 * detections (as in alerts:replay).
 */
export async function backtestRule(db: Db, input: BacktestInput, now = new Date()): Promise<BacktestResult> {
  const rule = validateDraftRule({ key: "backtest-draft", ...input.rule });
  const toTs = Math.floor((now.getTime() - getEnv().METRICS_SETTLE) / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  const fromTs = toTs - input.days * DAY_MS + MINUTE_MS;
  const byScope = await readRollups(db, rule, fromTs - historyMs(rule), toTs);

  const alerts: BacktestResult["alerts"] = [];
  const overallValues: (number | null)[] = [];
  const scopes = new Set<string>([ALL_PROVIDERS, ...byScope.keys()]);
  for (const scope of scopes) {
    const isOverall = scope === ALL_PROVIDERS;
    const judged = rule.scopes.includes(isOverall ? "overall" : "provider");
    if (!judged && !isOverall) continue;
    const series = byScope.get(scope) ?? new Map<number, MinuteSample>();
    // Before a scope's first rollup a rate is undefined: the detector would not judge those minutes, and an
    // idle rule stays idle, so they are skipped (30 days over a week of history costs a week). Counts are not
    // skipped: their absence is a value (0).
    const firstTs = series.size > 0 ? Math.min(...series.keys()) : Infinity;
    const skippable = !isCountMetric(rule.metric);
    let state: RuleState = INITIAL_STATE;
    let open: BacktestResult["alerts"][number] | null = null;
    for (let ts = fromTs; ts <= toTs; ts += MINUTE_MS) {
      if (skippable && ts < firstTs && state.phase === "inactive") {
        if (isOverall) overallValues.push(null);
        continue;
      }
      if (!judged) {
        overallValues.push(windowValue(rule.metric, series, ts, rule.windowMinutes)?.value ?? null);
        continue;
      }
      const obs = observe(rule, series, ts);
      if (isOverall) overallValues.push(obs.value);
      const step = stepRule(rule, state, obs, ts);
      state = step.state;
      if (step.transition === "fired") {
        open = { provider: scope, onsetAt: new Date(state.onsetTs!), firedAt: new Date(ts), resolvedAt: null };
        alerts.push(open);
      } else if (step.transition === "resolved" && open) {
        open.resolvedAt = new Date(ts);
        open = null;
      }
    }
  }
  alerts.sort((a, b) => a.firedAt.getTime() - b.firedAt.getTime() || a.provider.localeCompare(b.provider));

  const timeZone = getEnv().BUSINESS_TIMEZONE;
  const counts = new Map(daysOf(fromTs, toTs, timeZone).map((d) => [d, 0]));
  for (const a of alerts) {
    const d = businessDay(a.firedAt.getTime(), timeZone);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }

  const bucket = Math.ceil(overallValues.length / BACKTEST_MAX_POINTS);
  const series: BacktestResult["series"] = [];
  for (let i = 0; i < overallValues.length; i += bucket) {
    let sum = 0;
    let n = 0;
    for (const v of overallValues.slice(i, i + bucket)) {
      if (v === null) continue;
      sum += v;
      n++;
    }
    series.push({ minute: new Date(fromTs + i * MINUTE_MS), value: n > 0 ? sum / n : null });
  }

  return {
    days: input.days, from: new Date(fromTs), to: new Date(toTs), fired: alerts.length, alerts,
    perDay: [...counts].map(([day, count]) => ({ day, count })), series,
  };
}
