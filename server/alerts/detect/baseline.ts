import "server-only";
import { isCountMetric, windowValue } from "./window-value";
import { MINUTE_MS, type Baseline, type DetectionRule, type MinuteSeries } from "./types";

const DAY_MS = 24 * 60 * MINUTE_MS;
const WEEK_MS = 7 * DAY_MS;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median and 1.4826 × median absolute deviation (a normal sigma's robust estimate) of the values. */
export function robustStats(values: readonly number[]): { center: number; spread: number } {
  const center = median(values);
  return { center, spread: 1.4826 * median(values.map((v) => Math.abs(v - center))) };
}

function collect(rule: DetectionRule, series: MinuteSeries, ends: readonly number[], windowMinutes: number) {
  const values: number[] = [];
  const volumes: number[] = [];
  for (const end of ends) {
    const w = windowValue(rule.metric, series, end, windowMinutes);
    // Rates over a window with no events say nothing about the usual level.
    if (!w || (w.volume === 0 && !isCountMetric(rule.metric))) continue;
    values.push(w.value);
    volumes.push(w.volume);
  }
  return { values, volumes };
}

/**
 * What the metric usually is at this minute: the same window at the same minute-of-week over the last
 * `baselineWeeks` weeks, with its neighbouring windows (at least two weeks, so one past incident in the slot
 * cannot set the baseline); with less, the same minute-of-day over the last days (at least two); with less than a day,
 * the recent hours (rates only), leaving out the minutes an incident in progress could already have reached.
 */
export function seasonalBaseline(rule: DetectionRule, series: MinuteSeries, endTs: number, windowMinutes: number): Baseline | null {
  const neighbours = [-2, -1, 0, 1, 2].map((k) => k * windowMinutes * MINUTE_MS);
  // Candidates from at least two earlier weeks (days): one period alone may hold a past incident in the slot.
  const seasonal = (periodMs: number, periods: number) => {
    const out = { values: [] as number[], volumes: [] as number[], periods: 0 };
    for (let i = 1; i <= periods; i++) {
      // A period counts only if it has the slot itself: at the edge of the history, its neighbours alone are
      // another time of day (the windows after midnight standing in for a busy Sunday evening).
      if (collect(rule, series, [endTs - i * periodMs], windowMinutes).values.length === 0) continue;
      const c = collect(rule, series, neighbours.map((o) => endTs - i * periodMs + o), windowMinutes);
      out.periods++;
      out.values.push(...c.values);
      out.volumes.push(...c.volumes);
    }
    return out;
  };
  const build = (source: Baseline["source"], c: { values: number[]; volumes: number[] }): Baseline => {
    const { center, spread } = robustStats(c.values);
    // A rate's usual level is the pooled ratio (events over events): a median of small windows' ratios is noisy.
    const total = c.volumes.reduce((a, b) => a + b, 0);
    const pooled = !isCountMetric(rule.metric) && total > 0 ? c.values.reduce((a, v, i) => a + v * c.volumes[i]!, 0) / total : center;
    return { value: pooled, spread, volume: median(c.volumes), source, samples: c.values.length };
  };

  const weekly = seasonal(WEEK_MS, rule.baselineWeeks);
  if (weekly.periods >= 2) return build("weekly", weekly);
  const daily = seasonal(DAY_MS, 6);
  if (daily.periods >= 2) return build("daily", daily);

  // Counts follow the clock (night lows, morning ramps): the last hours are no baseline for them.
  if (isCountMetric(rule.metric)) return null;
  const gap = windowMinutes + rule.pendingMinutes + 1;
  const ends: number[] = [];
  for (let m = gap; m < rule.fallbackHours * 60; m++) ends.push(endTs - m * MINUTE_MS);
  const recent = collect(rule, series, ends, windowMinutes);
  return recent.values.length >= 5 ? build("recent", recent) : null;
}
