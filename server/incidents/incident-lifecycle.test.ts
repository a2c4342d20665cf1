import { and, asc, eq, ne } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { alertEvaluationCursors, alertNotifications, alerts, auditLogs, briefConfirmations, briefs, briefVersions, incidentAlerts, incidentEvents, incidents, metricMinutes, orders, incidentReviews, reviewActionItems } from "@/db/schema";
import { acknowledgeAlert } from "@/server/alerts/acknowledge-alert";
import { evaluateAlerts } from "@/server/alerts/evaluate-alerts";
import { seedDefaultRules } from "@/server/alerts/seed-default-rules";
import { ConflictError, ValidationError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { HEALTHY_MINUTE, insertTraffic, OUTAGE_MINUTE } from "@/test/metric-traffic";
import { addIncidentNote } from "./add-incident-note";
import { getIncident } from "./get-incident";
import { listAffectedOrders } from "./list-affected-orders";
import { openIncident, placeAlertInIncident } from "./open-incident";
import { resolveIncident } from "./resolve-incident";
import { setCommander } from "./set-commander";

const db = useTestDb();
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 20, 8, 0);
const at = (m: number) => new Date(T0 + m * MIN);
const ops = { id: "00000000-0000-4000-8000-000000000001", label: "ops@payops.local", role: "ops" as const };

const healthy = HEALTHY_MINUTE;
const outage = OUTAGE_MINUTE;
const traffic = (from: number, to: number, sandbox: typeof healthy | typeof outage) => insertTraffic(db(), at, from, to, sandbox);
const evaluateMinute = (m: number) => evaluateAlerts(db(), { now: new Date(T0 + (m + 2) * MIN), settleMs: MIN });
const timelineOf = (id: number) => db().select().from(incidentEvents).where(eq(incidentEvents.incidentId, id)).orderBy(asc(incidentEvents.at), asc(incidentEvents.id));

async function firingAlert(fields: Partial<typeof alerts.$inferInsert> & { ruleKey: string; provider: string }) {
  const [row] = await db()
    .insert(alerts)
    .values({ metric: "callback_failure_rate", severity: "warning", status: "firing", fingerprint: `${fields.ruleKey}|${fields.provider}`, onsetAt: at(0), firedAt: at(1), lastEvaluatedMinute: at(1), ...fields })
    .returning();
  return row!;
}

beforeEach(async () => {
  for (const t of [reviewActionItems, incidentReviews, briefConfirmations, briefVersions, briefs, incidentEvents, incidentAlerts, incidents, alertNotifications, alerts, alertEvaluationCursors, metricMinutes]) await db().delete(t);
  await seedDefaultRules(db());
});

describe("incidents from the evaluator", () => {
  it("a critical alert that starts firing opens exactly one incident; the scope's other alerts join it; ack and resolve reach the timeline", { timeout: 120_000 }, async () => {
    await traffic(0, 180, healthy);
    await evaluateMinute(179);
    await traffic(180, 190, outage);
    await traffic(190, 200, healthy);
    for (let m = 180; m < 186; m++) await evaluateMinute(m);

    const all = await db().select().from(incidents);
    expect(all).toHaveLength(1);
    const incident = all[0]!;
    const down = (await db().select().from(alerts).where(and(eq(alerts.ruleKey, "provider-callbacks-down"), eq(alerts.provider, "sandbox"))))[0]!;
    expect(incident).toMatchObject({ status: "open", severity: "critical", provider: "sandbox", openedBy: "system:alerts", commander: null });
    expect(incident.title).toMatch(/ · sandbox$/);

    // The warning that fired in the same minute (evaluated before the critical rule) joined when it opened.
    const links = await db().select().from(incidentAlerts).where(eq(incidentAlerts.incidentId, incident.id));
    const linked = await db().select().from(alerts).where(ne(alerts.status, "pending"));
    const sandboxFiring = linked.filter((a) => a.provider === "sandbox").map((a) => a.id).sort();
    expect(links.map((l) => l.alertId).sort()).toEqual(expect.arrayContaining(sandboxFiring));
    expect(links.map((l) => l.alertId)).toContain(down.id);
    expect(sandboxFiring.length).toBeGreaterThan(1);
    // Its onset is the earliest of its alerts' (affected orders count from there).
    const onsets = linked.filter((a) => links.some((l) => l.alertId === a.id)).map((a) => a.onsetAt.getTime());
    expect(incident.onsetAt.getTime()).toBe(Math.min(...onsets));

    let timeline = await timelineOf(incident.id);
    // Opened by the first critical sandbox alert to fire (the relative success-rate rule or provider-down).
    // (A warning that fired a minute before and joined on opening is listed at its firing time, before it.)
    expect(timeline.filter((e) => e.kind === "opened")).toHaveLength(1);
    expect(timeline.find((e) => e.kind === "opened")).toMatchObject({ kind: "opened", actor: "system:alerts", data: expect.objectContaining({ provider: "sandbox", severity: "critical", auto: true }) });
    expect(timeline.filter((e) => e.kind === "alert_fired").map((e) => e.data.alertId).sort()).toEqual(links.map((l) => l.alertId).sort());
    const audits = await db().select().from(auditLogs).where(and(eq(auditLogs.action, "incident.open"), eq(auditLogs.entityId, String(incident.id))));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorLabel: "system:alerts" });

    // Evaluating again (the same minute, or while it keeps firing) opens nothing more.
    await evaluateMinute(185);
    await evaluateMinute(186);
    expect(await db().select().from(incidents)).toHaveLength(1);

    await acknowledgeAlert(db(), down.id, ops);
    timeline = await timelineOf(incident.id);
    expect(timeline.at(-1)).toMatchObject({ kind: "alert_acknowledged", actor: "ops@payops.local", data: expect.objectContaining({ alertId: down.id }) });

    for (let m = 187; m < 198; m++) await evaluateMinute(m);
    const resolvedAlerts = await db().select().from(alerts).where(eq(alerts.status, "resolved"));
    const resolvedEvents = (await timelineOf(incident.id)).filter((e) => e.kind === "alert_resolved");
    const linkedResolved = resolvedAlerts.filter((a) => links.some((l) => l.alertId === a.id));
    expect(linkedResolved.length).toBeGreaterThan(0);
    expect(resolvedEvents.map((e) => e.data.alertId).sort()).toEqual(linkedResolved.map((a) => a.id).sort());

    // A resolved incident lets the next critical alert of the scope open a new one.
    await expect(resolveIncident(db(), incident.id, "too short", ops)).rejects.toBeInstanceOf(ValidationError);
    await resolveIncident(db(), incident.id, "Sandbox stopped notifying for 10 minutes; the janitor recovered the payments.", ops);
    const [after] = await db().select().from(incidents).where(eq(incidents.id, incident.id));
    expect(after).toMatchObject({ status: "resolved", resolvedBy: "ops@payops.local", summary: "Sandbox stopped notifying for 10 minutes; the janitor recovered the payments." });
    expect((await timelineOf(incident.id)).at(-1)).toMatchObject({ kind: "resolved", data: expect.objectContaining({ openAlerts: [] }) });
    await expect(resolveIncident(db(), incident.id, "and once more, please", ops)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("incidents by hand", () => {
  it("incident.open is idempotent, a later alert of the scope joins, an unrelated provider's alert does not", async () => {
    const warn = await firingAlert({ ruleKey: "callback-delay-high", provider: "alipay", metric: "callback_delay_p95" });
    expect(await placeAlertInIncident(db(), warn, ops, { open: false })).toBeNull();
    expect(await db().select().from(incidents)).toHaveLength(0);

    const { id } = await openIncident(db(), warn.id, ops);
    expect(await openIncident(db(), warn.id, ops)).toEqual({ id });
    expect(await db().select().from(incidents)).toHaveLength(1);
    // Agents are briefed from the start: the new incident has the default brief, once.
    expect((await db().select().from(briefs)).map((b) => ({ incidentId: b.incidentId, version: b.version }))).toEqual([{ incidentId: id, version: 1 }]);
    // The timeline is in time order: the alert fired (at(1)) before anyone opened the incident for it.
    expect((await timelineOf(id)).map((e) => e.kind)).toEqual(["alert_fired", "opened"]);
    expect((await timelineOf(id))[1]).toMatchObject({ kind: "opened", actor: "ops@payops.local", data: expect.objectContaining({ auto: false }) });

    const second = await firingAlert({ ruleKey: "callback-failure-rate-high", provider: "alipay", onsetAt: at(-5) });
    expect(await placeAlertInIncident(db(), second, ops, { open: false })).toBe(id);
    // The incident's onset moves back to the earliest of its alerts (affected orders count from there).
    expect((await db().select().from(incidents))[0]!.onsetAt).toEqual(at(-5));

    const other = await firingAlert({ ruleKey: "callback-failure-rate-high", provider: "wechatpay" });
    expect(await placeAlertInIncident(db(), other, ops, { open: false })).toBeNull();
    // An overall alert during the provider's incident is the same event.
    const overall = await firingAlert({ ruleKey: "order-volume-anomaly", provider: "*", metric: "order_volume" });
    expect(await placeAlertInIncident(db(), overall, ops, { open: false })).toBe(id);

    const detail = await getIncident(db(), id);
    expect(detail.alerts.map((a) => a.id).sort()).toEqual([warn.id, second.id, overall.id].sort());
    expect(detail.incident).toMatchObject({ alertCount: 3, provider: "alipay", status: "open", openedBy: "ops@payops.local" });
    expect(detail.alerts.every((a) => a.incidentId === id)).toBe(true);
  });

  it("commander, notes and resolve write the timeline and the audit log; notes stay possible after resolving", async () => {
    const a = await firingAlert({ ruleKey: "success-rate-low", provider: "sandbox", severity: "critical", metric: "success_rate" });
    const { id } = await openIncident(db(), a.id, ops);
    await setCommander(db(), id, "me", ops);
    await expect(setCommander(db(), id, "nobody@nowhere.test", ops)).rejects.toBeInstanceOf(ValidationError);
    await addIncidentNote(db(), id, "  Sandbox status page says degraded.  ", ops);
    await expect(addIncidentNote(db(), id, "   ", ops)).rejects.toBeInstanceOf(ValidationError);
    // Resolving while its alert still fires is allowed; the timeline says which were open.
    await resolveIncident(db(), id, "Provider-side degradation, recovered by itself after 12 minutes.", ops);
    await addIncidentNote(db(), id, "Review: add a second provider for failover.", ops);
    await expect(setCommander(db(), id, "me", ops)).rejects.toBeInstanceOf(ConflictError);

    const timeline = await timelineOf(id);
    expect(timeline.map((e) => e.kind)).toEqual(["alert_fired", "opened", "commander_set", "note", "resolved", "note"]);
    expect(timeline[2]!.data).toMatchObject({ commander: "ops@payops.local", previous: null });
    expect(timeline[3]!.data).toEqual({ text: "Sandbox status page says degraded." });
    expect(timeline[4]!.data).toMatchObject({ openAlerts: [{ id: a.id, status: "firing" }] });
    const audit = await db().select().from(auditLogs).where(and(eq(auditLogs.entityType, "incident"), eq(auditLogs.entityId, String(id)))).orderBy(asc(auditLogs.id));
    // brief.save: the default brief for agents, written by the system as the incident opens.
    expect(audit.map((r) => r.action)).toEqual(["incident.open", "brief.save", "incident.set_commander", "incident.note", "incident.resolve", "incident.note"]);
    expect(audit[1]).toMatchObject({ actorLabel: "system:default-brief" });
    expect(audit[4]).toMatchObject({ actorLabel: "ops@payops.local", after: { status: "resolved", summary: "Provider-side degradation, recovered by itself after 12 minutes." } });
  });
});

describe("affected orders", () => {
  it("counts the scope's orders since onset that are unpaid or paid only by query, masked in the sample", async () => {
    const onset = at(0);
    const base = { currency: "CNY", subject: "t" };
    await db().insert(orders).values([
      // affected: unpaid, in scope, inside the window
      { ...base, orderNo: "AFF-1", userId: "u-alice", userPhone: "13812345678", amountMinor: 1000, provider: "sandbox", createdAt: at(1) },
      { ...base, orderNo: "AFF-2", userId: "u-alice", userPhone: "13812345678", amountMinor: 2000, provider: "sandbox", createdAt: at(5) },
      // affected: paid, but we only learned it by asking the provider (its callback never came)
      { ...base, orderNo: "AFF-3", userId: "u-bob", amountMinor: 3000, provider: "sandbox", status: "PAID", paidAt: at(20), paidVia: "query", createdAt: at(2) },
      // affected: closed unpaid; and a USD order counted but not added to the CNY amount
      { ...base, orderNo: "AFF-4", userId: "u-carol", amountMinor: 400, provider: "sandbox", status: "CLOSED", closedAt: at(30), createdAt: at(3) },
      { ...base, orderNo: "AFF-5", userId: "u-dave", amountMinor: 999, currency: "USD", provider: "sandbox", createdAt: at(4) },
      // not affected: paid by callback; before onset; another provider; after the incident resolved
      { ...base, orderNo: "NOT-1", userId: "u-x", amountMinor: 7000, provider: "sandbox", status: "PAID", paidAt: at(3), paidVia: "notify", createdAt: at(3) },
      { ...base, orderNo: "NOT-2", userId: "u-x", amountMinor: 7000, provider: "sandbox", createdAt: at(-1) },
      { ...base, orderNo: "NOT-3", userId: "u-x", amountMinor: 7000, provider: "alipay", createdAt: at(3) },
      { ...base, orderNo: "NOT-4", userId: "u-x", amountMinor: 7000, provider: "sandbox", createdAt: at(60) },
    ]);
    const affected = await listAffectedOrders(db(), { provider: "sandbox", onsetAt: onset, resolvedAt: at(40) });
    expect(affected).toMatchObject({ orders: 5, users: 4, amount: { minor: 6400, currency: "CNY" } });
    expect(affected.sample.map((o) => o.orderNo)).toEqual(["AFF-2", "AFF-5", "AFF-4", "AFF-3", "AFF-1"]);
    expect(affected.sample[0]).toEqual({ orderNo: "AFF-2", status: "CREATED", amount: { minor: 2000, currency: "CNY" }, createdAt: at(5), userRef: "138****5678" });
    expect(affected.sample.find((o) => o.orderNo === "AFF-3")!.userRef).toBe("u-***ob");
    expect(JSON.stringify(affected)).not.toContain("13812345678");

    // All providers ("*") counts the alipay order too.
    expect((await listAffectedOrders(db(), { provider: "*", onsetAt: onset, resolvedAt: at(40) })).orders).toBe(6);
  });
});
