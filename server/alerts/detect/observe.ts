import "server-only";
import { seasonalBaseline } from "./baseline";
import { isCountMetric, windowValue } from "./window-value";
import type { Baseline, DetectionRule, MinuteSeries, Observation } from "./types";

const UNJUDGED = { judged: false, breach: false, clear: false } as const;

/**
 * What `rule` sees at the minute starting `ts`: the metric over its window (grown while volume is short),
 * against an absolute threshold or the seasonal baseline, in the rule's direction. `breach` fires, `clear`
 * (past the hysteresis band) counts towards resolving; between the two the alert holds.
 */
export function observe(rule: DetectionRule, series: MinuteSeries, ts: number): Observation {
  // Rates grow their window on current volume alone; count metrics also on the volume usually seen then.
  const count = isCountMetric(rule.metric);
  const baselineAt = (m: number) => (rule.kind === "relative" ? seasonalBaseline(rule, series, ts, m) : null);
  let minutes = rule.windowMinutes;
  let w = windowValue(rule.metric, series, ts, minutes);
  let baseline = count ? baselineAt(minutes) : null;
  const volumeOf = () => Math.max(w?.volume ?? 0, count ? (baseline?.volume ?? 0) : 0);
  while (volumeOf() < rule.minVolume && minutes + rule.windowMinutes <= rule.maxWindowMinutes) {
    minutes += rule.windowMinutes;
    w = windowValue(rule.metric, series, ts, minutes);
    if (count) baseline = baselineAt(minutes);
  }
  if (!count) baseline = baselineAt(minutes);
  // A count metric whose traffic vanished is a value of 0, not missing data: that is what a collapse looks like.
  const value = w?.value ?? (isCountMetric(rule.metric) ? 0 : null);
  const volume = volumeOf();
  const base = { value, baseline, volume, windowMinutes: minutes };
  if (value === null || volume < rule.minVolume) return { ...UNJUDGED, ...base };

  if (rule.kind === "threshold") {
    const threshold = rule.threshold ?? 0;
    const resolveAt = rule.resolveThreshold ?? threshold;
    if (rule.direction === "drop") return { judged: true, breach: value < threshold, clear: value >= resolveAt, ...base };
    if (rule.direction === "rise") return { judged: true, breach: value > threshold, clear: value <= resolveAt, ...base };
    // "both" makes no sense for one threshold; treat it as outside the band [resolveAt, threshold].
    return { judged: true, breach: value > threshold || value < resolveAt, clear: value <= threshold && value >= resolveAt, ...base };
  }

  if (!baseline) return { ...UNJUDGED, ...base };
  const spread = Math.max(baseline.spread, samplingNoise(rule, baseline, volume));
  const trigger = Math.max((rule.change ?? 0) * Math.abs(baseline.value), rule.minAbsoluteChange ?? 0, (rule.zScore ?? 0) * spread);
  const deviation = value - baseline.value;
  const signed = rule.direction === "drop" ? -deviation : rule.direction === "rise" ? deviation : Math.abs(deviation);
  const release = (rule.resolveRatio ?? 0.5) * trigger;
  return { judged: true, breach: trigger > 0 ? signed >= trigger : signed > 0, clear: signed < release, ...base };
}

/**
 * The noise a window of this volume has even when nothing is wrong — binomial for rates, Poisson for
 * counts — as a floor under the baseline's spread: a handful of earlier windows (the MAD) can look calm
 * by chance, and 40 night-time attempts swing far more than 400 daytime ones.
 */
export function samplingNoise(rule: Pick<DetectionRule, "metric">, baseline: Baseline, volume: number): number {
  const b = baseline.value;
  switch (rule.metric) {
    case "success_rate":
    case "callback_failure_rate": {
      // The usual rate as the baseline's own volume supports it (Laplace's rule of succession): 100 % seen
      // over a dozen night-time payments is not a certainty, and a calm p = 1 would make any failure a breach.
      const n = Math.max(0, baseline.volume);
      const p = Math.min(0.99, Math.max(0.01, (b * n + 1) / (n + 2)));
      return Math.sqrt((p * (1 - p)) / Math.max(1, volume));
    }
    case "order_volume":
    case "complaints":
      return Math.sqrt(Math.max(1, b));
    case "order_amount":
      return Math.abs(b) / Math.sqrt(Math.max(1, baseline.volume));
    case "callback_delay_p95":
      return 0;
  }
}
