import "server-only";
import { INITIAL_STATE, MINUTE_MS, type DetectionRule, type MinuteSample, type MinuteSeries, type RuleState } from "./types";
import { observe } from "./observe";
import { stepRule } from "./step-rule";

export interface ReplayedAlert {
  rule: string;
  metric: DetectionRule["metric"];
  provider: string;
  severity: DetectionRule["severity"];
  onsetTs: number;
  /** Minute (start, epoch ms) whose data made it fire / resolve. */
  firedTs: number;
  resolvedTs: number | null;
}

/** The scope name of the sum over all providers. */
export const OVERALL = "*";

/** Adds each minute's samples of every provider into one "*" series (when the input has no overall lines). */
export function sumSeries(all: Iterable<MinuteSeries>): Map<number, MinuteSample> {
  const out = new Map<number, MinuteSample>();
  for (const series of all) {
    for (const s of series.values()) {
      const acc = out.get(s.ts);
      if (!acc) {
        out.set(s.ts, { ...s });
        continue;
      }
      // The overall p95 is not derivable from per-provider p95s; the callback-weighted mean is a fair stand-in.
      const delay =
        s.callbackDelayP95Ms === null ? acc.callbackDelayP95Ms
        : acc.callbackDelayP95Ms === null ? s.callbackDelayP95Ms
        : (acc.callbackDelayP95Ms * acc.callbacks + s.callbackDelayP95Ms * s.callbacks) / Math.max(1, acc.callbacks + s.callbacks);
      acc.attempts += s.attempts;
      acc.successes += s.successes;
      acc.callbacks += s.callbacks;
      acc.callbackFailures += s.callbackFailures;
      acc.callbacksMissing = (acc.callbacksMissing ?? 0) + (s.callbacksMissing ?? 0);
      acc.callbackDelayP95Ms = delay;
      acc.amountMinor += s.amountMinor;
      acc.complaints += s.complaints;
    }
  }
  return out;
}

/**
 * Runs every rule minute by minute over each scope's series with the evaluator's functions. Every alert
 * that fires is listed: inhibition and silences only mute notifications, they do not hide detections.
 * Alerts still firing at the end have resolvedTs null.
 */
export function replaySeries(
  rules: readonly DetectionRule[],
  seriesByScope: ReadonlyMap<string, MinuteSeries>,
  /** Which rules judge a scope; by default provider rules judge providers and overall rules "*". */
  applies: (rule: DetectionRule, scope: string) => boolean = (rule, scope) => rule.scopes.includes(scope === OVERALL ? "overall" : "provider"),
): ReplayedAlert[] {
  const out: ReplayedAlert[] = [];
  for (const [scope, series] of seriesByScope) {
    const applicable = rules.filter((r) => applies(r, scope));
    if (applicable.length === 0 || series.size === 0) continue;
    const minutes = [...series.keys()];
    const first = Math.min(...minutes);
    const last = Math.max(...minutes);
    const states = new Map<string, RuleState>(applicable.map((r) => [r.key, INITIAL_STATE]));
    const open = new Map<string, ReplayedAlert>();
    for (let ts = first; ts <= last; ts += MINUTE_MS) {
      for (const rule of applicable) {
        const { state, transition } = stepRule(rule, states.get(rule.key)!, observe(rule, series, ts), ts);
        states.set(rule.key, state);
        if (transition === "fired") {
          const alert: ReplayedAlert = { rule: rule.key, metric: rule.metric, provider: scope, severity: rule.severity, onsetTs: state.onsetTs!, firedTs: ts, resolvedTs: null };
          open.set(rule.key, alert);
          out.push(alert);
        } else if (transition === "resolved") {
          const alert = open.get(rule.key);
          if (alert) alert.resolvedTs = ts;
          open.delete(rule.key);
        }
      }
    }
  }
  return out.sort((a, b) => a.firedTs - b.firedTs || a.provider.localeCompare(b.provider) || a.rule.localeCompare(b.rule));
}
