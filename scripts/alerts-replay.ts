// `npm run alerts:replay -- --input metrics.jsonl [--rules rules.json]`: per-minute aggregates through the
// alert detector the portal runs (server/alerts/detect/), without a portal or a database. Prints one JSON
// line per alert that fired — {"rule","metric","provider","severity","firedAt","resolvedAt"} — on stdout;
// everything else goes to stderr. firedAt/resolvedAt are the minutes (as given in the input, with the
// input's UTC offset) whose data made the alert fire / resolve; resolvedAt is null if it still fires at the end.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEFAULT_RULES } from "@/server/alerts/detect/default-rules";
import { OVERALL, replaySeries, sumSeries, type ReplayedAlert } from "@/server/alerts/detect/replay-series";
import { parseRules } from "@/server/alerts/detect/rule-schema";
import { MINUTE_MS, type DetectionRule, type MinuteSample } from "@/server/alerts/detect/types";

const USAGE = "usage: npm run alerts:replay -- --input metrics.jsonl [--rules rules.json]";
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const count = z.number().int().nonnegative();
const lineSchema = z.strictObject({
  ts: z.string().regex(ISO_WITH_OFFSET, "must be ISO-8601 with a UTC offset, e.g. 2026-11-20T10:00:00+08:00"),
  provider: z.string().min(1).max(64),
  attempts: count,
  successes: count,
  callbacks: count,
  callbackFailures: count,
  callbackDelayP95Ms: z.number().nonnegative().nullable(),
  amountMinor: count,
  complaints: count,
});

export class InputError extends Error {}

export interface ParsedInput {
  series: Map<string, Map<number, MinuteSample>>;
  /** Offset minutes of the input's timestamps per minute (so output keeps the input's offset). */
  offsets: Map<number, string>;
}

export function parseInput(text: string): ParsedInput {
  const series = new Map<string, Map<number, MinuteSample>>();
  const offsets = new Map<number, string>();
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === "") return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw new InputError(`line ${lineNo}: not JSON (${(e as Error).message})`);
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InputError(`line ${lineNo}: ${issue.path.join(".") || "(line)"}: ${issue.message}`);
    }
    const v = parsed.data;
    if (v.successes > v.attempts) throw new InputError(`line ${lineNo}: successes: more than attempts`);
    if (v.callbackFailures > v.callbacks) throw new InputError(`line ${lineNo}: callbackFailures: more than callbacks`);
    const t = Date.parse(v.ts);
    if (Number.isNaN(t)) throw new InputError(`line ${lineNo}: ts: not a real date`);
    const ts = Math.floor(t / MINUTE_MS) * MINUTE_MS;
    let s = series.get(v.provider);
    if (!s) series.set(v.provider, (s = new Map()));
    if (s.has(ts)) throw new InputError(`line ${lineNo}: a second line for provider "${v.provider}" and minute ${v.ts}`);
    s.set(ts, { ts, attempts: v.attempts, successes: v.successes, callbacks: v.callbacks, callbackFailures: v.callbackFailures, callbackDelayP95Ms: v.callbackDelayP95Ms, amountMinor: v.amountMinor, complaints: v.complaints });
    if (!offsets.has(ts)) offsets.set(ts, ISO_WITH_OFFSET.exec(v.ts)![7]!);
  });
  if (series.size === 0) throw new InputError("no input lines");
  return { series, offsets };
}

/** ISO-8601 of `ms` written in the given offset ("Z" or ±hh:mm). */
export function formatWithOffset(ms: number, offset: string): string {
  if (offset === "Z") return new Date(ms).toISOString().replace(".000Z", "Z");
  const sign = offset.startsWith("-") ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return `${new Date(ms + minutes * MINUTE_MS).toISOString().slice(0, 19)}${offset}`;
}

/**
 * One provider: every rule judges it (it is also the whole). Several: provider rules judge each provider
 * and overall rules the sum, reported as provider "*".
 */
export function replayInput(input: ParsedInput, rules: readonly DetectionRule[]): ReplayedAlert[] {
  if (input.series.size === 1) return replaySeries(rules, input.series, () => true);
  const scopes = new Map(input.series);
  if (!scopes.has(OVERALL)) scopes.set(OVERALL, sumSeries(input.series.values()));
  return replaySeries(rules, scopes);
}

function main(): number {
  let values: { input?: string; rules?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { input: { type: "string" }, rules: { type: "string" }, help: { type: "boolean" } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help || !values.input) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  let rules: readonly DetectionRule[] = DEFAULT_RULES;
  try {
    if (values.rules) rules = parseRules(JSON.parse(readFileSync(values.rules, "utf8")));
  } catch (e) {
    console.error(`alerts:replay: --rules ${values.rules}: ${e instanceof z.ZodError ? z.prettifyError(e) : (e as Error).message}`);
    return 2;
  }
  let input: ParsedInput;
  try {
    input = parseInput(readFileSync(values.input === "-" ? 0 : values.input, "utf8"));
  } catch (e) {
    console.error(`alerts:replay: ${values.input}: ${(e as Error).message}`);
    return 1;
  }
  const alerts = replayInput(input, rules);
  const at = (ms: number) => formatWithOffset(ms, input.offsets.get(ms) ?? "Z");
  for (const a of alerts) {
    process.stdout.write(`${JSON.stringify({ rule: a.rule, metric: a.metric, provider: a.provider, severity: a.severity, firedAt: at(a.firedTs), resolvedAt: a.resolvedTs === null ? null : at(a.resolvedTs) })}\n`);
  }
  const minutes = [...input.series.values()].reduce((n, s) => n + s.size, 0);
  console.error(`alerts:replay: ${minutes} provider-minutes, ${rules.length} rules, ${alerts.length} alerts`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main();
