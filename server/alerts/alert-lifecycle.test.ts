import { and, asc, eq, ne } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { alertEvaluationCursors, alertNotifications, alerts, alertSilences, auditLogs, briefConfirmations, briefs, briefVersions, incidentAlerts, incidentEvents, incidents, metricMinutes, incidentReviews, reviewActionItems } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { ConflictError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { HEALTHY_MINUTE, insertTraffic, OUTAGE_MINUTE } from "@/test/metric-traffic";
import { acknowledgeAlert } from "./acknowledge-alert";
import { createSilence } from "./create-silence";
import { evaluateAlerts } from "./evaluate-alerts";
import { seedDefaultRules } from "./seed-default-rules";

const db = useTestDb();
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 20, 8, 0);
const at = (m: number) => new Date(T0 + m * MIN);
const actor = { id: null, label: "ops@payops.local" };

// Steady sandbox + alipay traffic for three hours: 30 attempts/min each, 28 paid, every callback on time.
const healthy = HEALTHY_MINUTE;
const outage = OUTAGE_MINUTE;
const traffic = (from: number, to: number, sandbox: typeof healthy | typeof outage) => insertTraffic(db(), at, from, to, sandbox);
/** Evaluates minute m as the job would at m + 2 min (1-minute settle), i.e. right after m's data settled. */
const evaluateMinute = (m: number, extraMs = 0) => evaluateAlerts(db(), { now: new Date(T0 + (m + 2) * MIN + extraMs), settleMs: MIN });
const openAlerts = () => db().select().from(alerts).where(ne(alerts.status, "resolved")).orderBy(asc(alerts.ruleKey));
const notificationsOf = (alertId: number) => db().select().from(alertNotifications).where(eq(alertNotifications.alertId, alertId)).orderBy(asc(alertNotifications.id));

beforeEach(async () => {
  // Critical alerts open incidents (server/incidents/), which reference them: those go first.
  for (const t of [reviewActionItems, incidentReviews, briefConfirmations, briefVersions, briefs, incidentEvents, incidentAlerts, incidents, alertNotifications, alerts, alertSilences, alertEvaluationCursors, metricMinutes]) await db().delete(t);
  await seedDefaultRules(db());
  await traffic(0, 180, healthy);
  await evaluateMinute(179);
});
afterAll(() => {
  delete process.env.ALERT_ESCALATE_AFTER;
  resetEnvCache();
});

// Each case evaluates minute by minute (dozens of transactions): generous timeouts for a loaded CI box.
describe("alert lifecycle on the database", () => {
  it("pending → firing once per rule and scope, notified after the group wait, resolved with a resolved notification", async () => {
    await traffic(180, 190, outage);
    await traffic(190, 200, healthy);
    expect(await evaluateMinute(180)).toMatchObject({ minutes: 1 });
    const pending = await openAlerts();
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((a) => a.provider === "sandbox" || a.provider === "*")).toBe(true);

    for (let m = 181; m < 186; m++) await evaluateMinute(m);
    const open = await openAlerts();
    // De-duplication: one open alert per fingerprint however many minutes breach.
    expect(new Set(open.map((a) => a.fingerprint)).size).toBe(open.length);
    const down = open.find((a) => a.ruleKey === "provider-callbacks-down")!;
    // Its 2-minute window is half healthy at 10:00, so its onset is the first fully failed window.
    expect(down).toMatchObject({ provider: "sandbox", severity: "critical", status: "firing", onsetAt: at(181) });
    expect(down.actionKeys).toContain("checkProviderStatus");
    expect(down.impact).toMatchObject({ currency: "CNY" });
    expect(open.find((a) => a.ruleKey === "callback-failure-rate-high" && a.provider === "sandbox")).toMatchObject({ status: "firing" });
    expect(open.some((a) => a.provider === "alipay")).toBe(false);

    // The firing notification waited out the group wait (30 s) and became ready for the channels.
    const [firing] = await notificationsOf(down.id);
    expect(firing).toMatchObject({ event: "firing", status: "ready", dedupeKey: `${down.id}:firing:1` });
    expect(firing!.payload).toMatchObject({ rule: "provider-callbacks-down", provider: "sandbox", severity: "critical" });

    // Re-running an evaluation that already happened changes nothing.
    const before = await db().select().from(alerts);
    expect(await evaluateMinute(185)).toMatchObject({ minutes: 0, fired: 0 });
    expect(await db().select().from(alerts)).toEqual(before);

    // Recovery: the alert holds through the hysteresis and resolves after 3 clear minutes.
    for (let m = 186; m < 200; m++) await evaluateMinute(m);
    const [resolved] = await db().select().from(alerts).where(eq(alerts.id, down.id));
    expect(resolved).toMatchObject({ status: "resolved" });
    expect(resolved!.resolvedAt!.getTime()).toBeGreaterThan(at(192).getTime());
    expect((await notificationsOf(down.id)).map((n) => [n.event, n.status])).toEqual([["firing", "ready"], ["resolved", "ready"]]);
    expect(await openAlerts()).toEqual([]);
  }, 120_000);

  it("an alert resolving inside the group wait is never announced", async () => {
    await traffic(180, 181, outage);
    await traffic(181, 200, healthy);
    // All evaluations within 20 s of wall time: the group wait (30 s) never ends while the alert is open.
    for (let m = 180; m < 200; m++) await evaluateAlerts(db(), { now: new Date(T0 + 182 * MIN + (m - 180) * 1000), settleMs: MIN - (m - 180) * MIN + (m - 180) * 1000 });
    const all = await db().select().from(alerts).where(eq(alerts.ruleKey, "callback-failure-rate-high"));
    expect(all.find((a) => a.provider === "sandbox")).toMatchObject({ status: "resolved" });
    const notes = await db().select().from(alertNotifications);
    expect(notes.filter((n) => n.event === "firing").every((n) => n.status === "cancelled")).toBe(true);
    expect(notes.filter((n) => n.event === "resolved")).toEqual([]);
  }, 120_000);

  it("inhibition: while the provider is down its other alerts fire but are not notified", async () => {
    await traffic(180, 190, outage);
    for (let m = 180; m < 188; m++) await evaluateMinute(m);
    const open = await openAlerts();
    const down = open.find((a) => a.ruleKey === "provider-callbacks-down")!;
    const children = open.filter((a) => a.provider === "sandbox" && a.id !== down.id && a.status === "firing");
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) {
      expect(child.inhibitedBy).toBe(down.id);
      expect((await notificationsOf(child.id)).map((n) => [n.event, n.status, n.suppressedReason])).toEqual([["firing", "suppressed", `inhibited by alert ${down.id}`]]);
    }
    // The overall scope is not the provider's child: it is notified normally.
    const overall = open.find((a) => a.provider === "*" && a.status === "firing");
    if (overall) expect((await notificationsOf(overall.id))[0]).toMatchObject({ status: "ready" });
    expect((await notificationsOf(down.id))[0]).toMatchObject({ status: "ready" });
  }, 120_000);

  it("silences and maintenance windows suppress matching notifications only", async () => {
    await createSilence(db(), { kind: "maintenance", matchers: { provider: "sandbox" }, startsAt: at(170), endsAt: at(240), comment: "provider maintenance" }, actor);
    await traffic(180, 190, outage);
    for (let m = 180; m < 186; m++) await evaluateMinute(m);
    const notes = await db().select({ n: alertNotifications, a: alerts }).from(alertNotifications).innerJoin(alerts, eq(alerts.id, alertNotifications.alertId));
    const sandbox = notes.filter((x) => x.a.provider === "sandbox");
    expect(sandbox.length).toBeGreaterThan(0);
    expect(sandbox.filter((x) => x.n.status !== "pending").every((x) => x.n.status === "suppressed")).toBe(true);
    // The provider-down alert itself is inhibited by nothing: the maintenance window is what keeps it quiet.
    const down = sandbox.filter((x) => x.a.ruleKey === "provider-callbacks-down");
    expect(down.map((x) => x.n.status)).toEqual(["suppressed"]);
    expect(down[0]!.n.suppressedReason).toMatch(/^maintenance \d+$/);
    const overall = notes.filter((x) => x.a.provider === "*");
    expect(overall.some((x) => x.n.status === "ready")).toBe(true);
    expect(overall.every((x) => x.n.status === "ready" || x.n.status === "pending")).toBe(true);
    // The alerts themselves still fire: a silence hides nothing from the console.
    expect((await openAlerts()).some((a) => a.provider === "sandbox" && a.status === "firing")).toBe(true);
  }, 120_000);

  it("acknowledge stops the escalation; an unacknowledged alert escalates once", async () => {
    process.env.ALERT_ESCALATE_AFTER = "3m";
    resetEnvCache();
    await traffic(180, 200, outage);
    for (let m = 180; m < 183; m++) await evaluateMinute(m);
    const [down] = (await openAlerts()).filter((a) => a.ruleKey === "provider-callbacks-down");
    const [high] = (await openAlerts()).filter((a) => a.ruleKey === "callback-failure-rate-high" && a.provider === "*");
    const acked = await acknowledgeAlert(db(), down!.id, actor);
    expect(acked).toMatchObject({ status: "acknowledged", acknowledgedBy: actor.label });
    await expect(acknowledgeAlert(db(), down!.id, actor)).rejects.toThrow(ConflictError);
    expect(await db().select().from(auditLogs).where(and(eq(auditLogs.action, "alert.acknowledge"), eq(auditLogs.entityId, String(down!.id))))).toHaveLength(1);

    for (let m = 183; m < 190; m++) await evaluateMinute(m);
    expect((await notificationsOf(down!.id)).map((n) => n.event)).toEqual(["firing"]);
    const escalations = (await notificationsOf(high!.id)).filter((n) => n.event === "escalation");
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ status: "ready" });
    // Acknowledged alerts still resolve on recovery.
    expect((await db().select().from(alerts).where(eq(alerts.id, down!.id)))[0]).toMatchObject({ status: "acknowledged" });
  }, 120_000);
});
