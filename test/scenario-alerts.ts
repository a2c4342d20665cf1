import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts } from "@/db/schema";
import { seededRandom } from "@/scripts/simulator/random";
import type { Scenario } from "@/scripts/simulator/scenarios";
import { evaluateAlerts } from "@/server/alerts/evaluate-alerts";
import { seedDefaultRules } from "@/server/alerts/seed-default-rules";
import { driveScenario } from "@/server/demo/seed-demo-alerts";
import { rollupMetrics } from "@/server/metrics/rollup-metrics";

const MIN = 60_000;

/**
 * An hour of normal sandbox traffic, then 20 minutes of `scenario`, all through the real intake
 * (registerOrder, signed notifications through receiveCallback, the applier) with back-dated times; then the
 * rollup and the evaluator minute by minute, as the every-minute job runs them. Returns the sandbox alerts
 * that got past pending as "ruleKey@onset minutes relative to the end" (the scenario starts at -20). Needs a
 * database of its own (the evaluator's cursor moves on): one scenario per test file.
 */
export async function driveScenarioThroughAlerts(db: Db, scenario: Scenario): Promise<string[]> {
  await seedDefaultRules(db);
  const random = seededRandom(7);
  const now = Math.floor(Date.now() / MIN) * MIN;
  const start = now - 80 * MIN;
  // The normal hour's late notifications still arrive during the scenario's minutes.
  await driveScenario(db, random, "normal", start, now - 20 * MIN, undefined, now);
  await driveScenario(db, random, scenario, now - 20 * MIN, now);
  await rollupMetrics(db, { now: new Date(now), from: new Date(start), settleMs: MIN });
  for (let m = start; m < now; m += MIN) await evaluateAlerts(db, { now: new Date(m + 2 * MIN), settleMs: MIN, maxCatchUpMinutes: 1 });
  const rows = await db.select().from(alerts).where(and(eq(alerts.provider, "sandbox"), ne(alerts.status, "pending")));
  return rows.map((a) => `${a.ruleKey}@${Math.round((a.onsetAt.getTime() - now) / MIN)}`);
}
