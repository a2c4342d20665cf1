import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, incidentAlerts, incidentEvents, incidents, metricMinutes } from "@/db/schema";
import { evaluateAlerts } from "@/server/alerts/evaluate-alerts";
import { seedDefaultRules } from "@/server/alerts/seed-default-rules";
import { isPostgresRun, useTestDb } from "@/test/db";
import { openIncident, placeAlertInIncident } from "./open-incident";

// Races between separate transactions need separate connections: PostgreSQL only (PGlite has one
// connection, so there the two calls simply run one after the other — covered by incident-lifecycle.test.ts).
const db = useTestDb();
const MIN = 60_000;
const ops = { id: "00000000-0000-4000-8000-000000000002", label: "ops@payops.local" };
const evaluator = { id: null, label: "system:alerts" };

async function firing(ruleKey: string, provider: string, severity: "critical" | "warning" = "critical") {
  const now = Date.now();
  const [row] = await db()
    .insert(alerts)
    .values({ ruleKey, metric: "callback_failure_rate", provider, severity, status: "firing", fingerprint: `${ruleKey}|${provider}`, onsetAt: new Date(now - 5 * MIN), firedAt: new Date(now - MIN), lastEvaluatedMinute: new Date(now - MIN) })
    .returning();
  return row!;
}

describe.skipIf(!isPostgresRun())("incident opening races (PostgreSQL)", () => {
  it("an auto-open still uncommitted and a click on another alert of the provider end with one incident holding both", { timeout: 60_000 }, async () => {
    const critical = await firing("provider-callbacks-down", "race-a");
    const warning = await firing("callback-delay-high", "race-a", "warning");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((r) => (inserted = r));
    // The evaluator's transaction opens the incident and has not committed yet…
    const auto = db().transaction(async (tx) => {
      const id = await placeAlertInIncident(tx, critical, evaluator, { open: true });
      inserted();
      await held;
      return id;
    });
    await insertedSignal;
    // …while ops clicks "open incident" on the warning: its insert waits on the open-incident unique index.
    const click = openIncident(db(), warning.id, ops);
    await new Promise((r) => setTimeout(r, 300));
    release();
    const [autoId, clicked] = await Promise.all([auto, click]);
    expect(clicked.id).toBe(autoId);
    const open = await db().select().from(incidents).where(eq(incidents.provider, "race-a"));
    expect(open).toHaveLength(1);
    const links = await db().select().from(incidentAlerts).where(eq(incidentAlerts.incidentId, autoId!));
    expect(links.map((l) => l.alertId).sort()).toEqual([critical.id, warning.id].sort());
    const opened = await db().select().from(incidentEvents).where(eq(incidentEvents.incidentId, autoId!));
    expect(opened.filter((e) => e.kind === "opened")).toHaveLength(1);
  });

  it("many concurrent opens for alerts of one provider: one incident, every alert linked once", { timeout: 60_000 }, async () => {
    const rows = await Promise.all(Array.from({ length: 6 }, (_, i) => firing(`rule-${i}`, "race-b")));
    const ids = await Promise.all(rows.map((r) => openIncident(db(), r.id, ops)));
    expect(new Set(ids.map((i) => i.id)).size).toBe(1);
    expect(await db().select().from(incidents).where(eq(incidents.provider, "race-b"))).toHaveLength(1);
    expect(await db().select().from(incidentAlerts).where(eq(incidentAlerts.incidentId, ids[0]!.id))).toHaveLength(6);
  });

  it("two evaluations racing over a callback outage open one incident, once", { timeout: 60_000 }, async () => {
    await seedDefaultRules(db());
    const t0 = Date.UTC(2026, 10, 20, 8, 0);
    const rows = [];
    for (let m = 0; m < 20; m++) {
      const down = m >= 10;
      rows.push({ minute: new Date(t0 + m * MIN), provider: "race-c", attempts: 30, successes: 29, users: 30, callbacks: down ? 0 : 29, callbacksMissing: down ? 29 : 0, callbackDelayP95Ms: down ? null : 1_800, amountMinor: 60_000 });
    }
    await db().insert(metricMinutes).values(rows);
    const now = new Date(t0 + 22 * MIN);
    const results = await Promise.all([evaluateAlerts(db(), { now, settleMs: MIN }), evaluateAlerts(db(), { now, settleMs: MIN })]);
    // One of them holds the advisory lock; the other skips, or finds the minutes already evaluated.
    expect(results.reduce((n, r) => n + r.fired, 0)).toBeGreaterThan(0);
    expect(results.filter((r) => r.fired > 0)).toHaveLength(1);
    const opened = await db().select().from(incidents).where(eq(incidents.provider, "race-c"));
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ severity: "critical", openedBy: "system:alerts" });
  });
});
