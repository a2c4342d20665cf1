import "server-only";
import type { AlertDirection, AlertMetric, AlertRuleKind, AlertSeverity } from "@/lib/alerts";

export const MINUTE_MS = 60_000;

/** One minute of aggregates for one scope (a provider or all of them): a metric_minutes row, or a replay input line. */
export interface MinuteSample {
  /** Start of the minute, epoch ms (UTC). */
  ts: number;
  attempts: number;
  successes: number;
  callbacks: number;
  callbackFailures: number;
  /** Expected notifications that never came (rollups only; replay input has none). */
  callbacksMissing?: number;
  callbackDelayP95Ms: number | null;
  amountMinor: number;
  complaints: number;
}

/** Minute start (epoch ms) → sample, for one scope. Minutes without a sample had no traffic at all. */
export type MinuteSeries = ReadonlyMap<number, MinuteSample>;

export interface DetectionRule {
  key: string;
  metric: AlertMetric;
  kind: AlertRuleKind;
  direction: AlertDirection;
  severity: AlertSeverity;
  scopes: readonly ("provider" | "overall")[];
  /** While this rule fires for a provider, that provider's other alerts are inhibited (provider down). */
  inhibitsProvider: boolean;
  /** threshold: fires below (drop) / above (rise) this value; resolves only once back past resolveThreshold. */
  threshold?: number;
  resolveThreshold?: number;
  /** relative: the deviation from the seasonal baseline must reach max(change × |baseline|, minAbsoluteChange, zScore × spread). */
  change?: number;
  minAbsoluteChange?: number;
  zScore?: number;
  /** relative hysteresis: clear once the deviation is below resolveRatio × that trigger distance. */
  resolveRatio?: number;
  windowMinutes: number;
  /** Below minVolume the window grows (by windowMinutes) up to this, then the minute is not judged. */
  maxWindowMinutes: number;
  /** Events behind the value (attempts, callbacks; orders for volume and amount; complaints). */
  minVolume: number;
  /** Consecutive breaching minutes after the first before it fires (0: fires on the first). */
  pendingMinutes: number;
  /** Consecutive clear minutes before it resolves. */
  resolveMinutes: number;
  /** Seasonal baseline: same minute-of-week over this many weeks; then same minute-of-day; then recent hours. */
  baselineWeeks: number;
  fallbackHours: number;
}

export interface WindowValue {
  value: number;
  volume: number;
  windowMinutes: number;
}

export interface Baseline {
  value: number;
  /** Robust spread: 1.4826 × MAD of the candidates. */
  spread: number;
  volume: number;
  source: "weekly" | "daily" | "recent";
  samples: number;
}

/** What one rule saw at one minute for one scope. */
export interface Observation {
  /** Not enough volume to judge (thin traffic): neither a breach nor evidence of recovery. */
  judged: boolean;
  breach: boolean;
  clear: boolean;
  value: number | null;
  baseline: Baseline | null;
  volume: number;
  windowMinutes: number;
}

export type Phase = "inactive" | "pending" | "firing";

export interface RuleState {
  phase: Phase;
  onsetTs: number | null;
  firedTs: number | null;
  breachStreak: number;
  clearStreak: number;
}

export const INITIAL_STATE: RuleState = { phase: "inactive", onsetTs: null, firedTs: null, breachStreak: 0, clearStreak: 0 };
