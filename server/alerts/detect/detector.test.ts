import { describe, expect, it } from "vitest";
import { seasonalBaseline, robustStats } from "./baseline";
import { DEFAULT_RULES } from "./default-rules";
import { observe } from "./observe";
import { replaySeries } from "./replay-series";
import { parseRules } from "./rule-schema";
import { stepRule } from "./step-rule";
import { INITIAL_STATE, MINUTE_MS, type DetectionRule, type MinuteSample, type Observation } from "./types";

const T0 = Date.UTC(2026, 10, 2, 0, 0); // a Monday, 00:00 UTC
const sample = (ts: number, over: Partial<MinuteSample> = {}): MinuteSample => ({
  ts, attempts: 100, successes: 92, callbacks: 100, callbackFailures: 0, callbackDelayP95Ms: 1_500, amountMinor: 100 * 2_000, complaints: 0, ...over,
});
const series = (from: number, minutes: number, f: (ts: number, i: number) => Partial<MinuteSample> | null) => {
  const m = new Map<number, MinuteSample>();
  for (let i = 0; i < minutes; i++) {
    const ts = from + i * MINUTE_MS;
    const over = f(ts, i);
    if (over) m.set(ts, sample(ts, over));
  }
  return m;
};
const rule = (over: Partial<DetectionRule> & Pick<DetectionRule, "metric" | "kind" | "direction">): DetectionRule =>
  parseRules([{ key: "r", severity: "warning", windowMinutes: 1, minVolume: 0, pendingMinutes: 0, resolveMinutes: 1, ...over }])[0]!;

describe("robust statistics", () => {
  it("median and scaled MAD ignore one wild value", () => {
    expect(robustStats([10, 11, 9, 10, 1000])).toEqual({ center: 10, spread: 1.4826 });
  });
});

describe("seasonal baseline", () => {
  // Traffic that is 3× higher on Mondays 12:00–13:00 than at any other hour: only a weekly baseline knows.
  const weekly = series(T0 - 21 * 24 * 60 * MINUTE_MS, 22 * 24 * 60, (ts) => {
    const d = new Date(ts);
    const mondayNoon = d.getUTCDay() === 1 && d.getUTCHours() === 12;
    return { attempts: mondayNoon ? 300 : 100 };
  });
  const volume = rule({ metric: "order_volume", kind: "relative", direction: "both", change: 0.5 });

  it("uses the same minute-of-week of earlier weeks when they exist", () => {
    const noon = T0 + 12 * 60 * MINUTE_MS;
    expect(seasonalBaseline(volume, weekly, noon, 1)).toMatchObject({ source: "weekly", value: 300, samples: 15 });
    // The same Monday noon at 300/min is normal, so no breach; 100/min at Monday noon is a 67% drop.
    expect(observe(volume, weekly, noon)).toMatchObject({ breach: false, value: 300 });
    const quiet = new Map(weekly).set(noon, sample(noon, { attempts: 100 }));
    expect(observe(volume, quiet, noon)).toMatchObject({ breach: true, value: 100 });
  });

  it("falls back to the same minute of earlier days (two at least), then to recent hours for rates only", () => {
    const threeDays = series(T0, 3 * 24 * 60, (ts) => ({ attempts: new Date(ts).getUTCHours() === 3 ? 40 : 100 }));
    expect(seasonalBaseline(volume, threeDays, T0 + (2 * 24 + 3) * 60 * MINUTE_MS, 1)).toMatchObject({ source: "daily", value: 40 });
    // One earlier day alone could hold an incident in the slot: not a baseline.
    expect(seasonalBaseline(volume, threeDays, T0 + (24 + 3) * 60 * MINUTE_MS, 1)).toBeNull();
    const hours = series(T0, 90, (_, i) => ({ successes: i % 2 ? 90 : 94 }));
    const rate = rule({ metric: "success_rate", kind: "relative", direction: "drop", change: 0.1 });
    // Rates: the pooled ratio of the recent windows.
    expect(seasonalBaseline(rate, hours, T0 + 89 * MINUTE_MS, 1)).toMatchObject({ source: "recent" });
    expect(seasonalBaseline(rate, hours, T0 + 89 * MINUTE_MS, 1)!.value).toBeCloseTo(0.92, 2);
    // Counts follow the clock: recent hours are no baseline for them.
    expect(seasonalBaseline(volume, series(T0, 90, () => ({})), T0 + 89 * MINUTE_MS, 1)).toBeNull();
    // Too little history for any baseline: a relative rule stays silent rather than guess.
    const short = series(T0, 4, () => ({ attempts: 100 }));
    expect(seasonalBaseline(volume, short, T0 + 3 * MINUTE_MS, 1)).toBeNull();
    expect(observe(volume, short, T0 + 3 * MINUTE_MS)).toMatchObject({ judged: false, breach: false });
  });

  it("a week counts only when it holds the slot itself, not just neighbouring windows past the history's edge", () => {
    // History starts on a Monday 00:00; Sunday evenings run at 220 per half hour, Monday nights at 110. Judging
    // the second Sunday at 23:50 with 30-minute windows, two weeks back is before the history began: only its
    // windows after midnight (Monday, 110) exist. They must not make a weekly baseline of "110" out of one real week.
    const start = T0;
    const history = series(start, 14 * 24 * 60, (ts) => {
      const d = new Date(ts);
      const sundayEvening = d.getUTCDay() === 0 && d.getUTCHours() >= 20;
      return { attempts: sundayEvening ? 220 / 30 : 110 / 30 };
    });
    const endTs = start + (13 * 24 * 60 + 23 * 60 + 50) * MINUTE_MS;
    const wide = rule({ metric: "order_volume", kind: "relative", direction: "both", change: 0.6, windowMinutes: 30 });
    const b = seasonalBaseline(wide, history, endTs, 30);
    // One real week is not a weekly baseline: the earlier days' same minute is (Mondays–Saturdays, 110).
    expect(b?.source).toBe("daily");
    expect(b!.value).toBeCloseTo(110, 6);
  });
});

describe("volume guard", () => {
  const low = rule({ metric: "success_rate", kind: "threshold", direction: "drop", threshold: 0.8, windowMinutes: 2, maxWindowMinutes: 6, minVolume: 30 });

  it("thin night traffic does not fire, however bad its rate looks", () => {
    const night = series(T0, 10, () => ({ attempts: 2, successes: 0 }));
    expect(observe(low, night, T0 + 9 * MINUTE_MS)).toMatchObject({ judged: false, breach: false, windowMinutes: 6, volume: 12 });
  });

  it("grows the window until the volume is there", () => {
    const thin = series(T0, 10, () => ({ attempts: 8, successes: 2 }));
    expect(observe(low, thin, T0 + 9 * MINUTE_MS)).toMatchObject({ judged: true, breach: true, windowMinutes: 4, volume: 32, value: 0.25 });
  });
});

describe("direction", () => {
  // Three days of steady history: counts need two earlier days for a baseline.
  const LEN = 3 * 24 * 60;
  const at = T0 + (LEN - 1) * MINUTE_MS;
  const history = (value: Partial<MinuteSample>) => series(T0, LEN, (ts) => (ts === at ? value : {}));

  it("success rate fires on a drop, never on a rise", () => {
    const r = rule({ metric: "success_rate", kind: "relative", direction: "drop", change: 0.1 });
    expect(observe(r, history({ successes: 50 }), at).breach).toBe(true);
    expect(observe(r, history({ successes: 100 }), at).breach).toBe(false);
  });

  it("delay and failure rate fire on a rise only", () => {
    const delay = rule({ metric: "callback_delay_p95", kind: "relative", direction: "rise", change: 1 });
    expect(observe(delay, history({ callbackDelayP95Ms: 9_000 }), at).breach).toBe(true);
    expect(observe(delay, history({ callbackDelayP95Ms: 100 }), at).breach).toBe(false);
    const failures = rule({ metric: "callback_failure_rate", kind: "threshold", direction: "rise", threshold: 0.2 });
    expect(observe(failures, history({ callbackFailures: 30 }), at).breach).toBe(true);
    expect(observe(failures, history({ callbackFailures: 0 }), at).breach).toBe(false);
  });

  it("volume fires on a collapse and on a spike; small moves stay quiet", () => {
    const r = rule({ metric: "order_volume", kind: "relative", direction: "both", change: 0.5, minAbsoluteChange: 10 });
    expect(observe(r, history({ attempts: 20 }), at).breach).toBe(true);
    expect(observe(r, history({ attempts: 260 }), at).breach).toBe(true);
    expect(observe(r, history({ attempts: 130 }), at).breach).toBe(false);
    // A collapse to no traffic at all is the strongest drop, not missing data.
    const gone = series(T0, LEN, (ts) => (ts === at ? null : {}));
    expect(observe(r, gone, at)).toMatchObject({ breach: true, value: 0 });
  });

  it("the minimum absolute change keeps a large relative move on a tiny base quiet", () => {
    const r = rule({ metric: "complaints", kind: "relative", direction: "rise", change: 2, minAbsoluteChange: 5 });
    const base = series(T0, LEN, (ts) => ({ complaints: ts === at ? 4 : 1 }));
    expect(observe(r, base, at).breach).toBe(false);
    base.set(at, sample(at, { complaints: 7 }));
    expect(observe(r, base, at).breach).toBe(true);
  });
});

describe("state machine: pending duration and hysteresis", () => {
  const obs = (breach: boolean, clear: boolean, judged = true): Observation => ({ judged, breach, clear, value: 0, baseline: null, volume: 100, windowMinutes: 1 });
  const run = (r: { pendingMinutes: number; resolveMinutes: number }, seq: Observation[]) => {
    let state = INITIAL_STATE;
    return seq.map((o, i) => {
      const next = stepRule(r, state, o, T0 + i * MINUTE_MS);
      state = next.state;
      return next.transition;
    });
  };
  const B = obs(true, false);
  const C = obs(false, true);
  const band = obs(false, false);

  it("fires only after the pending duration of consecutive breaches", () => {
    expect(run({ pendingMinutes: 2, resolveMinutes: 1 }, [B, B, C, B, B, B])).toEqual(["pending", "none", "cancelled", "pending", "none", "fired"]);
    expect(run({ pendingMinutes: 0, resolveMinutes: 1 }, [B])).toEqual(["fired"]);
  });

  it("resolves only after consecutive clear minutes past the band; the band and thin minutes hold it", () => {
    expect(run({ pendingMinutes: 0, resolveMinutes: 2 }, [B, C, band, C, obs(false, false, false), C])).toEqual(["fired", "none", "none", "none", "none", "resolved"]);
  });

  it("a threshold rule with hysteresis does not flap around its threshold", () => {
    const r = rule({ metric: "success_rate", kind: "threshold", direction: "drop", threshold: 0.8, resolveThreshold: 0.88, pendingMinutes: 0, resolveMinutes: 1 });
    const rates = [0.92, 0.78, 0.82, 0.79, 0.83, 0.9, 0.92];
    const s = series(T0, rates.length, (_, i) => ({ successes: Math.round(rates[i]! * 100) }));
    const alerts = replaySeries([r], new Map([["alipay", s]]));
    expect(alerts).toEqual([{ rule: "r", metric: "success_rate", provider: "alipay", severity: "warning", onsetTs: T0 + MINUTE_MS, firedTs: T0 + MINUTE_MS, resolvedTs: T0 + 5 * MINUTE_MS }]);
  });
});

describe("default rules", () => {
  it("parse, and reject a rule whose hysteresis lies on the wrong side", () => {
    expect(DEFAULT_RULES.length).toBeGreaterThanOrEqual(8);
    expect(() => parseRules([{ key: "x", metric: "success_rate", kind: "threshold", direction: "drop", severity: "warning", threshold: 0.8, resolveThreshold: 0.7, windowMinutes: 1 }])).toThrow(/healthy side/);
  });

  it("stay quiet on steady traffic and fire on a provider whose callbacks stopped", () => {
    const steady = series(T0, 120, () => ({ attempts: 30, successes: 28, callbacks: 30 }));
    expect(replaySeries(DEFAULT_RULES, new Map([["sandbox", steady]]))).toEqual([]);
    const outage = series(T0, 120, (_, i) => (i >= 60 && i < 70 ? { attempts: 30, successes: 0, callbacks: 0, callbacksMissing: 30, callbackDelayP95Ms: null } : { attempts: 30, successes: 28, callbacks: 30 }));
    const fired = replaySeries(DEFAULT_RULES, new Map([["sandbox", outage]]));
    expect(fired.map((a) => a.rule).sort()).toEqual(["callback-failure-rate-high", "callback-failure-rate-rise", "provider-callbacks-down", "success-rate-drop", "success-rate-low"]);
    expect(fired.every((a) => a.resolvedTs !== null && a.firedTs <= T0 + 62 * MINUTE_MS)).toBe(true);
  });
});

describe("alert messages", () => {
  it("name every default rule and metric and every suggested action in both locales", async () => {
    const { FIRST_ACTIONS } = await import("./default-rules");
    for (const locale of ["zh-CN", "en"]) {
      const m = (await import(`@/messages/${locale}/alerts.json`)) as { default: { rule: Record<string, string>; metric: Record<string, string>; actions: Record<string, string> } };
      for (const r of DEFAULT_RULES) {
        expect(m.default.rule[r.key], `${locale} rule.${r.key}`).toBeTruthy();
        expect(m.default.metric[r.metric], `${locale} metric.${r.metric}`).toBeTruthy();
      }
      for (const key of Object.values(FIRST_ACTIONS).flat()) expect(m.default.actions[key], `${locale} actions.${key}`).toBeTruthy();
    }
  });
});
