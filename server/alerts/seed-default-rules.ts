import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertRules } from "@/db/schema";
import { DEFAULT_RULES } from "./detect/default-rules";
import { ruleToRow } from "./load-rules";

/**
 * Inserts the shipped rules that are missing and refreshes those nobody edited (is_default still true);
 * a rule ops/admin changed or disabled is left alone. Idempotent: every runner calls it on start.
 */
export async function seedDefaultRules(db: Db): Promise<void> {
  for (const rule of DEFAULT_RULES) {
    const row = ruleToRow(rule);
    await db
      .insert(alertRules)
      .values({ ...row, isDefault: true })
      .onConflictDoUpdate({
        target: alertRules.key,
        set: { metric: row.metric, kind: row.kind, direction: row.direction, severity: row.severity, params: row.params, scopes: row.scopes, inhibitsProvider: row.inhibitsProvider },
        setWhere: sql`${alertRules.isDefault}`,
      });
  }
}
