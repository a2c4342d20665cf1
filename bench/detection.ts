// `npm run bench:detection`: detection quality of the default alert rules (server/alerts/detect/) against a
// fixed-threshold baseline, on 14 days of synthetic per-minute traffic with daily and weekly seasonality,
// night lows and noise, and injected incidents of every kind. No database, no portal: the same pure
// detector `alerts:replay` and the evaluator use. Prints a table; --json writes bench/results/detection-*.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_RULES } from "@/server/alerts/detect/default-rules";
import { replaySeries, type ReplayedAlert } from "@/server/alerts/detect/replay-series";
import { observe } from "@/server/alerts/detect/observe";
import { parseRules } from "@/server/alerts/detect/rule-schema";
import { MINUTE_MS, type DetectionRule, type MinuteSample } from "@/server/alerts/detect/types";
import type { AlertMetric } from "@/lib/alerts";
import { seededRandom } from "@/scripts/simulator/random";

const DAY = 24 * 60;
const { values } = parseArgs({ options: { seed: { type: "string", default: "20261126" }, days: { type: "string", default: "14" }, json: { type: "boolean", default: false } } });
const DAYS = Number(values.days);
const T0 = Date.UTC(2026, 10, 2, 0, 0) - 8 * 3_600_000; // Monday 00:00 in Asia/Shanghai

const random = seededRandom(Number(values.seed));
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const poisson = (lambda: number) => {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss()));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > l);
  return k - 1;
};
const binomial = (n: number, p: number) => {
  if (n > 50) return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * gauss())));
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k++;
  return k;
};

type Kind = "success-drop" | "delay-spike" | "failure-spike" | "volume-collapse" | "complaint-surge";
interface Incident { kind: Kind; start: number; minutes: number; size: number }
const METRICS_OF: Record<Kind, AlertMetric[]> = {
  "success-drop": ["success_rate"],
  "delay-spike": ["callback_delay_p95"],
  "failure-spike": ["callback_failure_rate"],
  "volume-collapse": ["order_volume", "order_amount"],
  "complaint-surge": ["complaints"],
};

// Incidents of every kind, varied in size and length, from day 1 on (day 0 builds the first history),
// at busy hours, ordinary hours and the evening shoulder (local time).
const KINDS: Kind[] = ["success-drop", "delay-spike", "failure-spike", "volume-collapse", "complaint-surge"];
const SIZES: Record<Kind, number[]> = {
  "success-drop": [0.25, 0.4, 0.7], // absolute drop of the paid fraction
  "delay-spike": [30_000, 60_000, 150_000], // p95 in ms
  "failure-spike": [0.3, 0.6, 1], // fraction of callbacks failed or missing
  "volume-collapse": [0.3, 0.15, 0], // remaining fraction of traffic
  "complaint-surge": [6, 10, 20], // extra complaints per minute
};
const incidents: Incident[] = [];
{
  const hours = [10, 14, 20, 11, 16, 21, 9, 15, 19];
  let i = 0;
  for (let day = 1; day < DAYS; day++) {
    for (const slot of [0, 1]) {
      const kind = KINDS[i % KINDS.length]!;
      const hour = hours[(i * 7 + slot) % hours.length]!;
      incidents.push({ kind, start: day * DAY + hour * 60 + Math.floor(random() * 50), minutes: [8, 15, 30, 60][i % 4]!, size: SIZES[kind][i % 3]! });
      i++;
    }
  }
}

/** Orders per minute at minute m: daily curve (night low ~4% of the evening peak), weekends busier. */
function rate(m: number): number {
  const hour = (m % DAY) / 60;
  const dow = Math.floor(m / DAY) % 7; // 0 = Monday
  const daily = 0.04 + 0.96 * Math.max(0, Math.sin(((hour - 6) / 18) * Math.PI)) ** 1.5 + (hour >= 19 && hour < 22 ? 0.25 : 0);
  return 90 * daily * (dow >= 5 ? 1.3 : 1);
}

const series = new Map<number, MinuteSample>();
for (let m = 0; m < DAYS * DAY; m++) {
  const active = incidents.filter((x) => m >= x.start && m < x.start + x.minutes);
  const of = (k: Kind) => active.find((x) => x.kind === k);
  const collapse = of("volume-collapse");
  const attempts = poisson(rate(m) * (collapse ? collapse.size : 1));
  const drop = of("success-drop");
  const successes = binomial(attempts, Math.max(0, 0.92 + 0.01 * gauss() - (drop?.size ?? 0)));
  const failure = of("failure-spike");
  const callbacks = attempts;
  const callbackFailures = binomial(callbacks, failure ? failure.size : 0.004);
  const delay = of("delay-spike");
  const callbackDelayP95Ms = callbacks === 0 ? null : Math.round((delay ? delay.size : 2_000) * Math.exp(0.25 * gauss()));
  const surge = of("complaint-surge");
  const complaints = poisson(attempts * 0.004 + (surge ? surge.size : 0));
  const amountMinor = Math.round(attempts * 2_600 * Math.exp(0.1 * gauss()));
  const ts = T0 + m * MINUTE_MS;
  series.set(ts, { ts, attempts, successes, callbacks, callbackFailures, callbackDelayP95Ms, amountMinor, complaints });
}

const BASELINE_RULES = parseRules([
  { key: "fixed-success-below-90", metric: "success_rate", kind: "threshold", direction: "drop", severity: "critical", threshold: 0.9, windowMinutes: 1, pendingMinutes: 0, resolveMinutes: 1 },
]);

interface Score { name: string; incidents: number; detected: number; recall: number; falsePositives: number; medianTtdMin: number | null; ttd: number[]; missed: Incident[] }

/** An alert "detects" an incident when it fires for one of the incident's metrics between its start and 10 minutes after its end. */
function score(name: string, alerts: ReplayedAlert[], metricAware: boolean): Score {
  const toMinute = (ts: number) => (ts - T0) / MINUTE_MS;
  const ttd: number[] = [];
  const missed: Incident[] = [];
  for (const inc of incidents) {
    const hits = alerts.filter((a) => (!metricAware || METRICS_OF[inc.kind].includes(a.metric)) && toMinute(a.firedTs) >= inc.start && toMinute(a.firedTs) <= inc.start + inc.minutes + 10);
    if (hits.length === 0) missed.push(inc);
    // Detected at the end of the minute whose data fired it.
    else ttd.push(Math.min(...hits.map((a) => toMinute(a.firedTs) + 1 - inc.start)));
  }
  // A false positive: an alert that fires outside every incident (and its 10-minute tail).
  const fps = alerts.filter((a) => !incidents.some((inc) => toMinute(a.firedTs) >= inc.start && toMinute(a.firedTs) <= inc.start + inc.minutes + 10));
  const falsePositives = fps.length;
  if (process.env.BENCH_DEBUG) {
    for (const a of fps.slice(0, 40)) {
      const rule = [...DEFAULT_RULES, ...BASELINE_RULES].find((r) => r.key === a.rule)!;
      console.error(`  FP ${name}: ${a.rule} at day ${Math.floor(toMinute(a.firedTs) / DAY)} ${((toMinute(a.firedTs) % DAY) / 60).toFixed(2)}h`, JSON.stringify(observe(rule, series, a.firedTs)));
    }
  }
  const sorted = [...ttd].sort((a, b) => a - b);
  const median = sorted.length === 0 ? null : sorted.length % 2 ? sorted[sorted.length >> 1]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return { name, incidents: incidents.length, detected: ttd.length, recall: ttd.length / incidents.length, falsePositives, medianTtdMin: median, ttd, missed };
}

function run(name: string, rules: readonly DetectionRule[], metricAware: boolean) {
  const started = performance.now();
  const alerts = replaySeries(rules, new Map([["alipay", series]]), () => true);
  return { ...score(name, alerts, metricAware), alerts: alerts.length, ms: Math.round(performance.now() - started) };
}

const results = [run("default rules (seasonal, guarded)", DEFAULT_RULES, true), run("fixed threshold: success rate < 90%", BASELINE_RULES, true)];
const totalMinutes = DAYS * DAY;
console.log(`detection bench: ${DAYS} days × 1,440 minutes = ${totalMinutes} minutes, ${incidents.length} incidents (${KINDS.map((k) => `${incidents.filter((x) => x.kind === k).length} ${k}`).join(", ")}), seed ${values.seed}`);
console.log("| detector | recall | false positives | median time to detect | alerts | replay time |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const r of results) {
  console.log(`| ${r.name} | ${(r.recall * 100).toFixed(0)}% (${r.detected}/${r.incidents}) | ${r.falsePositives} | ${r.medianTtdMin === null ? "–" : `${r.medianTtdMin} min`} | ${r.alerts} | ${(r.ms / 1000).toFixed(1)} s |`);
}
for (const r of results) {
  for (const m of r.missed) console.error(`  ${r.name}: missed ${m.kind} size ${m.size} at day ${Math.floor(m.start / DAY)} ${String(Math.floor((m.start % DAY) / 60)).padStart(2, "0")}:${String(m.start % 60).padStart(2, "0")} for ${m.minutes} min`);
}
if (values.json) {
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/detection-${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}.json`;
  writeFileSync(file, JSON.stringify({ seed: values.seed, days: DAYS, incidents, results: results.map(({ missed, ...r }) => ({ ...r, missed })) }, null, 2));
  console.log(`written ${file}`);
}
