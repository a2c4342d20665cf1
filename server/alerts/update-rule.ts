import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { alertRules } from "@/db/schema";
import type { AlertDirection, AlertRuleKind, AlertSeverity } from "@/lib/alerts";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError, ValidationError } from "@/server/lib/errors";

/** A draft the rule schema refuses; `issues` are zod's (paths name the field), which the tRPC error shape passes on as data.zod. */
export class RuleValidationError extends ValidationError {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(`invalid rule: ${issues.map((i) => `${i.path.join(".") || "rule"}: ${i.message}`).join("; ")}`, issues);
  }
}
import { detectionRuleSchema } from "./detect/rule-schema";
import type { DetectionRule } from "./detect/types";
import { ruleView, type RuleParams, type RuleView } from "./list-rules";
import { ruleToRow } from "./load-rules";

export interface RuleUpdate {
  key: string;
  enabled: boolean;
  severity: AlertSeverity;
  direction: AlertDirection;
  kind: AlertRuleKind;
  params: RuleParams;
  scopes: ("provider" | "overall")[];
  /** A provider-down rule (inhibits the provider's other alerts); absent: unchanged. */
  inhibitsProvider?: boolean;
}

/** Column fields inside params would silently override the edit: they are refused, not merged. */
const COLUMN_FIELDS = ["key", "metric", "kind", "direction", "severity", "scopes", "inhibitsProvider"];

/**
 * A draft rule validated exactly as the evaluator will read it (rule-schema.ts); the metric and the
 * provider-down flag are the rule's identity and stay. Validation errors name the field.
 */
export function validateDraftRule(draft: Omit<RuleUpdate, "enabled"> & { metric: DetectionRule["metric"] }): DetectionRule {
  const clash = Object.keys(draft.params).filter((k) => COLUMN_FIELDS.includes(k));
  if (clash.length > 0) throw new RuleValidationError(clash.map((k) => ({ code: "custom", path: ["params", k], message: "set at the top level, not in params", input: draft.params[k] })));
  const parsed = detectionRuleSchema.safeParse({ ...draft.params, key: draft.key, metric: draft.metric, kind: draft.kind, direction: draft.direction, severity: draft.severity, scopes: draft.scopes, inhibitsProvider: draft.inhibitsProvider ?? false });
  if (!parsed.success) throw new RuleValidationError(parsed.error.issues);
  return parsed.data;
}

/** alert.ruleUpdate: saves an edited rule (isDefault becomes false, so seeding never overwrites it), audited before/after. */
export async function updateRule(db: Db, input: RuleUpdate, actor: Actor): Promise<RuleView> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(alertRules).where(eq(alertRules.key, input.key)).for("update");
    if (!before) throw new NotFoundError(`rule ${input.key} not found`);
    const rule = validateDraftRule({ ...input, metric: before.metric, inhibitsProvider: input.inhibitsProvider ?? before.inhibitsProvider });
    const row = ruleToRow(rule);
    const [after] = await tx
      .update(alertRules)
      .set({ enabled: input.enabled, kind: row.kind, direction: row.direction, severity: row.severity, params: row.params, scopes: row.scopes, inhibitsProvider: row.inhibitsProvider, isDefault: false, updatedBy: actor.label })
      .where(eq(alertRules.id, before.id))
      .returning();
    const snapshot = (r: typeof before) => ({ enabled: r.enabled, kind: r.kind, direction: r.direction, severity: r.severity, params: r.params, scopes: r.scopes, inhibitsProvider: r.inhibitsProvider, isDefault: r.isDefault });
    await writeAudit(tx, actor, { action: "alert_rule.update", entityType: "alert_rule", entityId: input.key, before: snapshot(before), after: snapshot(after!) });
    return ruleView(after!);
  });
}
