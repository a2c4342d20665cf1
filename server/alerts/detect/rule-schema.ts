import "server-only";
import { z } from "zod";
import { ALERT_DIRECTIONS, ALERT_METRICS, ALERT_RULE_KINDS, ALERT_SEVERITIES } from "@/lib/alerts";
import type { DetectionRule } from "./types";

const nonNegative = z.number().finite().nonnegative();
const minutes = z.number().int().min(1).max(24 * 60);

/** A rule as ops/admin edit it, as the database stores it and as `alerts:replay --rules` reads it. */
export const detectionRuleSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "lower-case letters, digits, '.', '_' or '-'"),
    metric: z.enum(ALERT_METRICS),
    kind: z.enum(ALERT_RULE_KINDS),
    direction: z.enum(ALERT_DIRECTIONS),
    severity: z.enum(ALERT_SEVERITIES),
    scopes: z.array(z.enum(["provider", "overall"])).min(1).default(["provider", "overall"]),
    inhibitsProvider: z.boolean().default(false),
    threshold: z.number().finite().optional(),
    resolveThreshold: z.number().finite().optional(),
    change: nonNegative.optional(),
    minAbsoluteChange: nonNegative.optional(),
    zScore: nonNegative.optional(),
    resolveRatio: z.number().min(0).max(1).optional(),
    windowMinutes: minutes,
    maxWindowMinutes: minutes.optional(),
    minVolume: nonNegative.default(0),
    pendingMinutes: z.number().int().min(0).max(120).default(1),
    resolveMinutes: z.number().int().min(1).max(120).default(3),
    baselineWeeks: z.number().int().min(1).max(8).default(4),
    fallbackHours: z.number().int().min(1).max(48).default(3),
  })
  .superRefine((r, ctx) => {
    if (r.kind === "threshold" && r.threshold === undefined) ctx.addIssue({ code: "custom", path: ["threshold"], message: "a threshold rule needs a threshold" });
    if (r.kind === "relative" && !(r.change || r.minAbsoluteChange || r.zScore)) {
      ctx.addIssue({ code: "custom", path: ["change"], message: "a relative rule needs change, minAbsoluteChange or zScore" });
    }
    if (r.kind === "threshold" && r.resolveThreshold !== undefined && r.threshold !== undefined) {
      const wrongSide = r.direction === "drop" ? r.resolveThreshold < r.threshold : r.direction === "rise" ? r.resolveThreshold > r.threshold : false;
      if (wrongSide) ctx.addIssue({ code: "custom", path: ["resolveThreshold"], message: "must lie on the healthy side of threshold (hysteresis)" });
    }
    if (r.maxWindowMinutes !== undefined && r.maxWindowMinutes < r.windowMinutes) {
      ctx.addIssue({ code: "custom", path: ["maxWindowMinutes"], message: "must be at least windowMinutes" });
    }
  })
  .transform((r): DetectionRule => ({ ...r, maxWindowMinutes: r.maxWindowMinutes ?? r.windowMinutes }));

export type DetectionRuleInput = z.input<typeof detectionRuleSchema>;

export function parseRules(input: unknown): DetectionRule[] {
  const rules = z.array(detectionRuleSchema).min(1).parse(input);
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.key)) throw new Error(`duplicate rule key "${r.key}"`);
    seen.add(r.key);
  }
  return rules;
}
