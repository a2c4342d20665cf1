// The rule editor's model: the detector stores fractions, milliseconds and minor units
// (server/alerts/detect/rule-schema.ts); people edit percentages, seconds and yuan. Pure and client-safe.
import type { AlertDirection, AlertMetric, AlertRuleKind, AlertSeverity } from "@/lib/alerts";

/** How a metric's values are shown: rates as %, delays in seconds, amounts in yuan, counts as they are. */
export type MetricUnit = "percent" | "seconds" | "yuan" | "count";

export const METRIC_UNIT: Record<AlertMetric, MetricUnit> = {
  success_rate: "percent",
  callback_failure_rate: "percent",
  callback_delay_p95: "seconds",
  order_volume: "count",
  order_amount: "yuan",
  complaints: "count",
};

/** Every tunable parameter of a rule, with the unit it is edited in ("metric" = the metric's own unit). */
export const PARAM_FIELDS = {
  threshold: { unit: "metric", kinds: ["threshold"] },
  resolveThreshold: { unit: "metric", kinds: ["threshold"] },
  change: { unit: "percent", kinds: ["relative"] },
  minAbsoluteChange: { unit: "metric", kinds: ["relative"] },
  zScore: { unit: "factor", kinds: ["relative"] },
  resolveRatio: { unit: "percent", kinds: ["relative"] },
  baselineWeeks: { unit: "weeks", kinds: ["relative"] },
  fallbackHours: { unit: "hours", kinds: ["relative"] },
  windowMinutes: { unit: "minutes", kinds: ["threshold", "relative"] },
  maxWindowMinutes: { unit: "minutes", kinds: ["threshold", "relative"] },
  minVolume: { unit: "count", kinds: ["threshold", "relative"] },
  pendingMinutes: { unit: "minutes", kinds: ["threshold", "relative"] },
  resolveMinutes: { unit: "minutes", kinds: ["threshold", "relative"] },
} as const satisfies Record<string, { unit: string; kinds: readonly AlertRuleKind[] }>;

export type ParamField = keyof typeof PARAM_FIELDS;
export const PARAM_NAMES = Object.keys(PARAM_FIELDS) as ParamField[];
export type FieldUnit = MetricUnit | "factor" | "weeks" | "hours" | "minutes";

export function fieldUnit(field: ParamField, metric: AlertMetric): FieldUnit {
  const u = PARAM_FIELDS[field].unit;
  return u === "metric" ? METRIC_UNIT[metric] : u;
}

export function fieldApplies(field: ParamField, kind: AlertRuleKind): boolean {
  return (PARAM_FIELDS[field].kinds as readonly AlertRuleKind[]).includes(kind);
}

// 12 significant digits hide binary noise (0.07 × 100 = 7.000000000000001) and keep every real digit.
const tidy = (n: number) => Number(n.toPrecision(12));

/** Stored value → the number a person edits. */
export function toDisplay(unit: FieldUnit, stored: number): number {
  switch (unit) {
    case "percent":
      return tidy(stored * 100);
    case "seconds":
      return tidy(stored / 1000);
    case "yuan":
      return tidy(stored / 100); // CNY, exponent 2: the business currency of the rollups
    default:
      return stored;
  }
}

/** The number a person typed → what the detector stores (ms and fen are integers). */
export function fromDisplay(unit: FieldUnit, shown: number): number {
  switch (unit) {
    case "percent":
      return tidy(shown / 100);
    case "seconds":
      return Math.round(shown * 1000);
    case "yuan":
      return Math.round(shown * 100);
    default:
      return shown;
  }
}

export interface RuleLike {
  key: string;
  enabled: boolean;
  metric: AlertMetric;
  kind: AlertRuleKind;
  direction: AlertDirection;
  severity: AlertSeverity;
  params: Record<string, unknown>;
  scopes: readonly string[];
  inhibitsProvider: boolean;
}

export type Scope = "provider" | "overall";

/** What the form holds: the parameters as typed (strings), the rest as chosen. */
export interface RuleFormState {
  key: string;
  metric: AlertMetric;
  enabled: boolean;
  kind: AlertRuleKind;
  direction: AlertDirection;
  severity: AlertSeverity;
  scopes: Scope[];
  inhibitsProvider: boolean;
  values: Record<ParamField, string>;
}

export function formFromRule(rule: RuleLike): RuleFormState {
  const values = Object.fromEntries(
    PARAM_NAMES.map((f) => {
      const v = rule.params[f];
      return [f, typeof v === "number" ? String(toDisplay(fieldUnit(f, rule.metric), v)) : ""];
    }),
  ) as Record<ParamField, string>;
  return {
    key: rule.key,
    metric: rule.metric,
    enabled: rule.enabled,
    kind: rule.kind,
    direction: rule.direction,
    severity: rule.severity,
    scopes: rule.scopes.filter((s): s is Scope => s === "provider" || s === "overall"),
    inhibitsProvider: rule.inhibitsProvider,
    values,
  };
}

export interface RuleDraft {
  metric: AlertMetric;
  kind: AlertRuleKind;
  direction: AlertDirection;
  severity: AlertSeverity;
  params: Partial<Record<ParamField, number>>;
  scopes: Scope[];
  inhibitsProvider: boolean;
}

/**
 * The draft the server validates (backtest, save), or the fields that are not numbers at all. Empty fields
 * are left out (the schema's defaults apply); fields of the other kind are not sent.
 */
export function draftFromForm(form: RuleFormState): { draft: RuleDraft; errors: null } | { draft: null; errors: Partial<Record<ParamField, "number">> } {
  const params: Partial<Record<ParamField, number>> = {};
  const errors: Partial<Record<ParamField, "number">> = {};
  for (const f of PARAM_NAMES) {
    if (!fieldApplies(f, form.kind)) continue;
    const text = form.values[f].trim();
    if (text === "") continue;
    const n = Number(text);
    if (!Number.isFinite(n)) errors[f] = "number";
    else params[f] = fromDisplay(fieldUnit(f, form.metric), n);
  }
  if (Object.keys(errors).length > 0) return { draft: null, errors };
  return {
    draft: { metric: form.metric, kind: form.kind, direction: form.direction, severity: form.severity, params, scopes: form.scopes, inhibitsProvider: form.inhibitsProvider },
    errors: null,
  };
}

/** A server validation issue (zod's shape, as server/api/trpc.ts passes it on in error.data.zod). */
export interface ServerIssue {
  code?: string;
  path?: readonly PropertyKey[];
  message?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
}

export type FieldError =
  | { kind: "number" }
  | { kind: "min"; value: number }
  | { kind: "max"; value: number }
  | { kind: "thresholdRequired" }
  | { kind: "relativeNeedsOne" }
  | { kind: "hysteresis" }
  | { kind: "maxWindow" }
  | { kind: "scopes" }
  | { kind: "other"; message: string };

/** Field → what is wrong with it, in the units the person edits; issues naming no known field come back apart. */
export function fieldErrorsFromIssues(issues: readonly ServerIssue[], metric: AlertMetric): { fields: Partial<Record<ParamField | "scopes", FieldError>>; other: string[] } {
  const fields: Partial<Record<ParamField | "scopes", FieldError>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const name = [...(issue.path ?? [])].reverse().find((p) => typeof p === "string" && (p === "scopes" || p in PARAM_FIELDS)) as ParamField | "scopes" | undefined;
    if (!name) {
      other.push(issue.message ?? String(issue.code));
      continue;
    }
    if (fields[name]) continue;
    if (name === "scopes") {
      fields.scopes = { kind: "scopes" };
      continue;
    }
    const unit = fieldUnit(name, metric);
    if (issue.code === "too_small" && issue.minimum !== undefined) fields[name] = { kind: "min", value: toDisplay(unit, Number(issue.minimum)) };
    else if (issue.code === "too_big" && issue.maximum !== undefined) fields[name] = { kind: "max", value: toDisplay(unit, Number(issue.maximum)) };
    else if (issue.code === "invalid_type") fields[name] = { kind: "number" };
    else if (issue.code === "custom" && name === "threshold") fields[name] = { kind: "thresholdRequired" };
    else if (issue.code === "custom" && name === "change") fields[name] = { kind: "relativeNeedsOne" };
    else if (issue.code === "custom" && name === "resolveThreshold") fields[name] = { kind: "hysteresis" };
    else if (issue.code === "custom" && name === "maxWindowMinutes") fields[name] = { kind: "maxWindow" };
    else fields[name] = { kind: "other", message: issue.message ?? String(issue.code) };
  }
  return { fields, other };
}

