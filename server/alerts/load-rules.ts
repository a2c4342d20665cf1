import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertRules, type AlertRuleRow } from "@/db/schema";
import { log } from "@/server/lib/log";
import { detectionRuleSchema } from "./detect/rule-schema";
import type { DetectionRule } from "./detect/types";

/** Columns for the fields queries filter on; the detector's tuning in params. */
export function ruleToRow(rule: DetectionRule) {
  const { key, metric, kind, direction, severity, scopes, inhibitsProvider, ...params } = rule;
  return { key, metric, kind, direction, severity, scopes: [...scopes], inhibitsProvider, params: params as Record<string, unknown> };
}

export function rowToRule(row: AlertRuleRow): DetectionRule {
  return detectionRuleSchema.parse({
    ...row.params,
    key: row.key, metric: row.metric, kind: row.kind, direction: row.direction, severity: row.severity, scopes: row.scopes, inhibitsProvider: row.inhibitsProvider,
  });
}

/** Enabled rules; a row that no longer validates is skipped with a log line rather than stopping every other rule. */
export async function loadEnabledRules(db: Db): Promise<DetectionRule[]> {
  const rows = await db.select().from(alertRules).where(eq(alertRules.enabled, true)).orderBy(alertRules.key);
  return rows.flatMap((row) => {
    try {
      return [rowToRule(row)];
    } catch (e) {
      log.error("alert rule skipped: invalid parameters", { rule: row.key, error: e });
      return [];
    }
  });
}
