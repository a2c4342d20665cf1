import "server-only";
import type { AlertMetric } from "@/lib/alerts";
import { MINUTE_MS, type MinuteSeries, type WindowValue } from "./types";

/**
 * The metric over the `minutes` minutes ending with the minute starting at `endTs` (inclusive), and the
 * volume behind it. Null when the window holds no sample at all (no traffic, or no data yet).
 */
export function windowValue(metric: AlertMetric, series: MinuteSeries, endTs: number, minutes: number): WindowValue | null {
  let seen = 0;
  let attempts = 0;
  let successes = 0;
  let callbacks = 0;
  let failures = 0;
  let delayWeighted = 0;
  let delayWeight = 0;
  let amount = 0;
  let complaints = 0;
  for (let i = 0; i < minutes; i++) {
    const s = series.get(endTs - i * MINUTE_MS);
    if (!s) continue;
    seen++;
    attempts += s.attempts;
    successes += s.successes;
    const missing = s.callbacksMissing ?? 0;
    callbacks += s.callbacks + missing;
    failures += s.callbackFailures + missing;
    if (s.callbackDelayP95Ms !== null && s.callbacks > 0) {
      delayWeighted += s.callbackDelayP95Ms * s.callbacks;
      delayWeight += s.callbacks;
    }
    amount += s.amountMinor;
    complaints += s.complaints;
  }
  if (seen === 0) return null;
  switch (metric) {
    case "success_rate":
      return attempts > 0 ? { value: successes / attempts, volume: attempts, windowMinutes: minutes } : { value: 0, volume: 0, windowMinutes: minutes };
    case "callback_failure_rate":
      return callbacks > 0 ? { value: failures / callbacks, volume: callbacks, windowMinutes: minutes } : { value: 0, volume: 0, windowMinutes: minutes };
    case "callback_delay_p95":
      // A callback-weighted mean of the minutes' p95: the exact p95 of the window would need the raw delays.
      return delayWeight > 0 ? { value: delayWeighted / delayWeight, volume: delayWeight, windowMinutes: minutes } : { value: 0, volume: 0, windowMinutes: minutes };
    case "order_volume":
      return { value: attempts, volume: attempts, windowMinutes: minutes };
    case "order_amount":
      return { value: amount, volume: attempts, windowMinutes: minutes };
    case "complaints":
      return { value: complaints, volume: complaints, windowMinutes: minutes };
  }
}

/** Count metrics are judged by expected traffic too (a collapse to zero must still fire); rates need current volume. */
export function isCountMetric(metric: AlertMetric): boolean {
  return metric === "order_volume" || metric === "order_amount" || metric === "complaints";
}
