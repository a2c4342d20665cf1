import { and, eq, ne } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, metricMinutes } from "@/db/schema";
import { planFor } from "@/scripts/simulator/scenarios";
import { settleInbox } from "@/server/callbacks/inbox-applier";
import { receiveCallback } from "@/server/callbacks/receive-callback";
import { headersOf } from "@/server/lib/http";
import { registerOrder } from "@/server/orders/register-order";
import { getProviderAdapter } from "@/server/providers";
import { rollupMetrics } from "@/server/metrics/rollup-metrics";
import { sandboxPayload, sandboxRequest, uniqueOrderNo } from "@/test/callbacks";
import { useTestDb } from "@/test/db";
import { evaluateAlerts } from "./evaluate-alerts";
import { seedDefaultRules } from "./seed-default-rules";

// The simulator's callback-outage scenario (its plan: no notification at all during the middle half of the
// run) replayed deterministically through the portal's real intake — orders registered as the merchant API
// does, signed sandbox callbacks through receiveCallback (what the route calls) and the applier — on a real
// database; then the rollup and
// the evaluator as the scheduled job runs them. The default callback-failure rule must fire without any
// configuration. (Driving startSimulator itself here is timing-dependent on a loaded 2-core box.)
const getDb = useTestDb();
const MIN = 60_000;

describe("simulated callback outage → default rules", () => {
  it("fires the callback-failure rule for the sandbox provider", { timeout: 120_000 }, async () => {
    const db = getDb();
    await seedDefaultRules(db);
    const plan = planFor("callback-outage");
    const startedAt = Date.now();
    const total = 40;
    let suppressed = 0;
    for (let i = 0; i < total; i++) {
      const orderNo = uniqueOrderNo("OUT");
      expect((await registerOrder(db, { orderNo, userId: `u${i % 25}`, amountMinor: 2590, currency: "CNY", provider: "sandbox" })).created).toBe(true);
      const fraction = i / total;
      if (plan.outageWindow && fraction >= plan.outageWindow[0] && fraction < plan.outageWindow[1]) {
        suppressed++;
        continue;
      }
      const req = sandboxRequest(sandboxPayload({ orderNo, amountMinor: 2590 }));
      const reply = await receiveCallback(db, getProviderAdapter("sandbox")!, { headers: headersOf(req), body: await req.text(), receivedAt: new Date() });
      expect(reply.status).toBe(200);
    }
    await settleInbox(db);
    expect(suppressed).toBe(20);

    // As the minute job would run once the run's minutes have settled (1 minute after they ended).
    const lastMinute = Math.floor(Date.now() / MIN) * MIN;
    const later = new Date(lastMinute + 2 * MIN + 1_000);
    await rollupMetrics(db, { now: later, from: new Date(startedAt - MIN), settleMs: MIN });
    const sandboxRows = await db.select().from(metricMinutes).where(eq(metricMinutes.provider, "sandbox"));
    expect(sandboxRows.reduce((n, r) => n + r.attempts, 0)).toBe(total);
    expect(sandboxRows.reduce((n, r) => n + r.successes, 0)).toBe(total - suppressed);
    expect(sandboxRows.reduce((n, r) => n + r.callbacksMissing, 0)).toBe(suppressed);

    // Minute by minute over the run, each evaluated once it settled, as the every-minute job does.
    let fired = 0;
    for (let m = Math.floor(startedAt / MIN) * MIN; m <= lastMinute; m += MIN) fired += (await evaluateAlerts(db, { now: new Date(m + 2 * MIN + 1_000), settleMs: MIN })).fired;
    expect(fired).toBeGreaterThan(0);
    const firing = await db.select().from(alerts).where(and(eq(alerts.ruleKey, "callback-failure-rate-high"), eq(alerts.provider, "sandbox"), ne(alerts.status, "resolved")));
    expect(firing).toHaveLength(1);
    expect(firing[0]).toMatchObject({ status: "firing", metric: "callback_failure_rate", severity: "warning" });
    expect(firing[0]!.impact).toMatchObject({ currency: "CNY" });
    expect((firing[0]!.impact as { orders: number }).orders).toBeGreaterThan(0);
  });
});
