import "server-only";
import type { Db } from "@/db/client";
import { alertRules, type AlertRuleRow } from "@/db/schema";
import type { AlertDirection, AlertMetric, AlertRuleKind, AlertSeverity } from "@/lib/alerts";

/** The detector's tuning (rule-schema.ts fields other than the columns below). */
export type RuleParams = Record<string, unknown>;

export interface RuleView {
  key: string;
  enabled: boolean;
  metric: AlertMetric;
  kind: AlertRuleKind;
  direction: AlertDirection;
  severity: AlertSeverity;
  params: RuleParams;
  scopes: ("provider" | "overall")[];
  inhibitsProvider: boolean;
  isDefault: boolean;
  updatedBy: string | null;
  updatedAt: Date;
}

export function ruleView(r: AlertRuleRow): RuleView {
  return {
    key: r.key, enabled: r.enabled, metric: r.metric, kind: r.kind, direction: r.direction, severity: r.severity, params: r.params,
    scopes: r.scopes as RuleView["scopes"], inhibitsProvider: r.inhibitsProvider, isDefault: r.isDefault, updatedBy: r.updatedBy, updatedAt: r.updatedAt,
  };
}

export async function listRules(db: Db): Promise<RuleView[]> {
  return (await db.select().from(alertRules).orderBy(alertRules.key)).map(ruleView);
}
