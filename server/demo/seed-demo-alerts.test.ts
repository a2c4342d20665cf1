import { and, asc, eq, gte, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alertEvaluationCursors, alerts, incidentAlerts, incidentEvents, incidents, metricMinutes } from "@/db/schema";
import { backtestRule } from "@/server/alerts/backtest-rule";
import { DEFAULT_RULES } from "@/server/alerts/detect/default-rules";
import { ruleToRow } from "@/server/alerts/load-rules";
import { seedDemoUsers } from "@/server/auth/seed-users";
import { getIncident } from "@/server/incidents/get-incident";
import { useTestDb } from "@/test/db";
import { seedDemoAlerts } from "./seed-demo-alerts";

const db = useTestDb();
const MIN = 60_000;

describe("seedDemoAlerts", () => {
  it("leaves 7+ days of rollups, a resolved past incident with its summary, and one firing provider-down alert with its incident", { timeout: 180_000 }, async () => {
    await seedDemoUsers(db());
    const now = new Date();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await seedDemoAlerts(db(), { now });
    const ms = performance.now() - started;
    // PGlite runs in this process: CPU time is what the seed costs on an idle machine (wall time waits for the other tests).
    const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
    console.log(`seedDemoAlerts: ${Math.round(ms)} ms wall, ${Math.round(cpuMs)} ms CPU`, result);

    const [span] = await db().select({ first: sql<string>`min(${metricMinutes.minute})`, n: sql<number>`count(*)::int` }).from(metricMinutes);
    expect(now.getTime() - new Date(span!.first).getTime()).toBeGreaterThan(7 * 24 * 60 * MIN);

    const firing = await db().select().from(alerts).where(and(eq(alerts.ruleKey, "provider-callbacks-down"), eq(alerts.status, "firing")));
    expect(firing).toHaveLength(1);
    const alert = firing[0]!;
    expect(alert).toMatchObject({ provider: "sandbox", severity: "critical", acknowledgedAt: null, id: result.firingAlertId });
    const onsetAgo = (now.getTime() - alert.onsetAt.getTime()) / MIN;
    expect(onsetAgo).toBeGreaterThanOrEqual(10);
    expect(onsetAgo).toBeLessThanOrEqual(16);
    expect((alert.impact as { orders: number }).orders).toBeGreaterThan(10);

    const open = await db().select().from(incidents).where(eq(incidents.status, "open"));
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ provider: "sandbox", severity: "critical", openedBy: "system:alerts", id: result.openIncidentId });
    const [link] = await db().select().from(incidentAlerts).where(eq(incidentAlerts.alertId, alert.id));
    expect(link?.incidentId).toBe(open[0]!.id);
    const detail = await getIncident(db(), open[0]!.id, now);
    expect(detail.affected.orders).toBeGreaterThan(10);

    const resolved = await db().select().from(incidents).where(eq(incidents.status, "resolved"));
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ commander: "ops@payops.local", resolvedBy: "ops@payops.local", id: result.resolvedIncidentId });
    expect(resolved[0]!.summary!.length).toBeGreaterThan(10);
    expect(now.getTime() - resolved[0]!.resolvedAt!.getTime()).toBeGreaterThan(2 * 24 * 60 * MIN);
    const timeline = await db().select().from(incidentEvents).where(eq(incidentEvents.incidentId, resolved[0]!.id)).orderBy(asc(incidentEvents.at), asc(incidentEvents.id));
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["opened", "alert_fired", "commander_set", "note", "alert_resolved", "resolved"]));
    expect(timeline.at(-1)!.kind).toBe("resolved");

    // The cursor is at the last settled minute: the live job's next run evaluates only what follows.
    const [cursor] = await db().select().from(alertEvaluationCursors);
    expect(now.getTime() - cursor!.lastMinute.getTime()).toBeLessThanOrEqual(3 * MIN);
    expect(await db().select().from(alerts).where(gte(alerts.firedAt, new Date(now.getTime() + 1)))).toEqual([]);

    // The rule editor's backtest over the demo's rollups finds the past outage and the live one.
    const { key: _key, inhibitsProvider: _i, metric, kind, direction, severity, scopes, params } = ruleToRow(DEFAULT_RULES.find((r) => r.key === "provider-callbacks-down")!);
    for (const days of [7, 30] as const) {
      const t = performance.now();
      const c = process.cpuUsage();
      const backtest = await backtestRule(db(), { rule: { metric, kind, direction, severity, scopes: scopes as ("provider" | "overall")[], params }, days }, now);
      console.log(`backtest provider-callbacks-down over the demo's rollups, ${days} days: ${Math.round(performance.now() - t)} ms wall, ${Math.round(process.cpuUsage(c).user / 1000)} ms CPU`);
      expect(backtest.alerts.map((a) => a.provider)).toEqual(["sandbox", "sandbox"]);
      expect(backtest.alerts[0]!.resolvedAt).not.toBeNull();
    }
  });
});
