import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { and, eq } from "drizzle-orm";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { alertRules, alerts, auditLogs, incidentEvents, users } from "@/db/schema";
import type { Role } from "@/lib/enums";
import { seedDefaultRules } from "@/server/alerts/seed-default-rules";
import { useTestDb } from "@/test/db";
import { appRouter, createCaller } from "../root";
import type { Context } from "../trpc";

const db = useTestDb();
const MIN = 60_000;

function ctxFor(role: Role, email = `${role}@routers.test`): Context {
  return { user: { id: randomUUID(), email, name: role, role, locale: null }, requestId: `test-${randomUUID()}` };
}
const as = (role: Role, email?: string) => createCaller(ctxFor(role, email));

let alertId: number;

beforeAll(async () => {
  await seedDefaultRules(db());
  const now = Date.now();
  const [a] = await db()
    .insert(alerts)
    .values({
      ruleKey: "provider-callbacks-down", metric: "callback_failure_rate", provider: "sandbox", severity: "critical", status: "firing", fingerprint: "provider-callbacks-down|sandbox",
      onsetAt: new Date(now - 14 * MIN), firedAt: new Date(now - 12 * MIN), lastEvaluatedMinute: new Date(now - 2 * MIN),
      lastValue: { minute: new Date(now - 2 * MIN).toISOString(), value: 1, volume: 40, windowMinutes: 4, baseline: null },
      impact: { orders: 42, users: 40, amountMinor: 123_400, currency: "CNY", minutes: 14, perMinute: { orders: 3, users: 2.9, amountMinor: 8_814 } },
      actionKeys: ["checkProviderStatus"],
    })
    .returning();
  alertId = a!.id;
  await db().insert(users).values({ email: "lead@routers.test", name: "lead", passwordHash: "x", role: "ops" });
});

describe("alert router", () => {
  it("lists, counts and explains an alert for every role, in the contract's shapes", async () => {
    const page = await as("agent").alert.list({});
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      id: alertId, ruleKey: "provider-callbacks-down", provider: "sandbox", severity: "critical", status: "firing", silenced: false, incidentId: null, inhibitedBy: null,
      impact: { orders: 42, users: 40, amount: { minor: 123_400, currency: "CNY" }, perMinute: { orders: 3, users: 2.9, amount: { minor: 8_814, currency: "CNY" } }, sinceMinutes: 14 },
      lastValue: { value: 1, baseline: null, volume: 40 },
    });
    expect((await as("agent").alert.list({ status: "resolved" })).items).toEqual([]);
    expect((await as("agent").alert.list({ severity: "warning" })).items).toEqual([]);
    expect(await as("finance").alert.counts()).toEqual({ firing: 1, acknowledged: 0, pending: 0 });

    const detail = await as("agent").alert.get({ id: alertId });
    expect(detail.alert.actionKeys).toEqual(["checkProviderStatus"]);
    expect(detail.rule).toMatchObject({ key: "provider-callbacks-down", isDefault: true, params: expect.objectContaining({ threshold: 0.9 }) });
    // onset − 60 min … now, one point a minute (no rollups here: values are missing, not invented).
    expect(detail.series.length).toBeGreaterThanOrEqual(74);
    expect(detail.series.every((p) => p.value === null)).toBe(true);
    expect(detail.deliveries).toEqual([]);
    await expect(as("agent").alert.get({ id: 987_654 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("ruleUpdate: manage only, validated by the rule schema, audited before/after, no longer a default the seed refreshes", async () => {
    const [before] = await db().select().from(alertRules).where(eq(alertRules.key, "success-rate-low"));
    const edit = { key: "success-rate-low", enabled: true, kind: "threshold" as const, direction: "drop" as const, severity: "warning" as const, scopes: ["provider" as const], params: { ...before!.params, threshold: 0.4 } };
    await expect(as("manager").alert.ruleUpdate(edit)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("ops").alert.ruleUpdate({ ...edit, params: { ...edit.params, windowMinutes: 0 } })).rejects.toMatchObject({
      code: "BAD_REQUEST", cause: { issues: [expect.objectContaining({ path: ["windowMinutes"] })] },
    });
    await expect(as("ops").alert.ruleUpdate({ ...edit, params: { ...edit.params, severity: "info" } })).rejects.toMatchObject({
      code: "BAD_REQUEST", cause: { issues: [expect.objectContaining({ path: ["params", "severity"] })] },
    });
    // Hysteresis on the wrong side of the threshold.
    await expect(as("ops").alert.ruleUpdate({ ...edit, params: { ...edit.params, resolveThreshold: 0.3 } })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const saved = await as("ops", "ops@routers.test").alert.ruleUpdate(edit);
    expect(saved).toMatchObject({ key: "success-rate-low", severity: "warning", scopes: ["provider"], isDefault: false, updatedBy: "ops@routers.test", params: expect.objectContaining({ threshold: 0.4 }) });
    const audit = await db().select().from(auditLogs).where(and(eq(auditLogs.action, "alert_rule.update"), eq(auditLogs.entityId, "success-rate-low")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "ops@routers.test", before: expect.objectContaining({ severity: "critical", isDefault: true }), after: expect.objectContaining({ severity: "warning", isDefault: false }) });

    await seedDefaultRules(db());
    const [after] = await db().select().from(alertRules).where(eq(alertRules.key, "success-rate-low"));
    expect(after).toMatchObject({ severity: "warning", isDefault: false, params: expect.objectContaining({ threshold: 0.4 }) });
    await expect(as("ops").alert.ruleUpdate({ ...edit, key: "no-such-rule" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an invalid draft reaches the client as BAD_REQUEST with the zod issues in data.zod", async () => {
    const input = { rule: { metric: "success_rate", kind: "threshold", direction: "drop", severity: "critical", params: { windowMinutes: 3 }, scopes: ["provider"] }, days: 7 };
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req: new Request(`http://local/api/trpc/alert.backtest?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`),
      createContext: () => ctxFor("ops"),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { data: { code: string; zod: { path: string[] }[] } } } };
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.data.zod).toEqual([expect.objectContaining({ path: ["threshold"], code: "custom" })]);
  });

  it("silences: create, list as active, mark the alert silenced, expire; audited", async () => {
    const now = Date.now();
    await expect(as("manager").alert.silenceCreate({ kind: "maintenance", matchers: { provider: "sandbox" }, startsAt: new Date(now - MIN), endsAt: new Date(now + 60 * MIN), comment: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { id } = await as("ops").alert.silenceCreate({ kind: "maintenance", matchers: { provider: "sandbox" }, startsAt: new Date(now - MIN), endsAt: new Date(now + 60 * MIN), comment: "sandbox upgrade" });
    expect(await as("agent").alert.silenceList({ active: true })).toEqual([expect.objectContaining({ id, kind: "maintenance", matchers: { provider: "sandbox" }, active: true, comment: "sandbox upgrade" })]);
    expect((await as("agent").alert.list({})).items[0]!.silenced).toBe(true);
    expect(await as("admin").alert.silenceExpire({ id })).toEqual({ id });
    expect(await as("agent").alert.silenceList({ active: true })).toEqual([]);
    expect(await as("agent").alert.silenceList({ active: false })).toEqual([expect.objectContaining({ id, active: false })]);
    expect((await as("agent").alert.list({})).items[0]!.silenced).toBe(false);
    const audit = await db().select({ action: auditLogs.action }).from(auditLogs).where(and(eq(auditLogs.entityType, "alert_silence"), eq(auditLogs.entityId, String(id))));
    expect(audit.map((a) => a.action).sort()).toEqual(["alert.silence", "alert.silence_expire"]);
  });
});

describe("incident router", () => {
  it("open (idempotent), commander, note, acknowledge on the timeline, resolve with a summary; denials by role", async () => {
    await expect(as("agent").incident.open({ alertId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { id } = await as("manager", "manager@routers.test").incident.open({ alertId });
    expect(await as("ops").incident.open({ alertId })).toEqual({ id });

    await expect(as("agent").alert.acknowledge({ id: alertId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await as("ops", "ops@routers.test").alert.acknowledge({ id: alertId })).toEqual({ id: alertId, status: "acknowledged" });
    await expect(as("ops").alert.acknowledge({ id: alertId })).rejects.toMatchObject({ code: "CONFLICT" });

    await as("ops", "ops@routers.test").incident.setCommander({ id, commander: "lead@routers.test" });
    await expect(as("ops").incident.setCommander({ id, commander: "nobody@routers.test" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await as("ops", "ops@routers.test").incident.addNote({ id, text: "Called the provider: 13812345678 is their on-call." });
    await expect(as("ops").incident.addNote({ id, text: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as("ops").incident.resolve({ id, summary: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const seenByAgent = await as("agent").incident.get({ id });
    expect(seenByAgent.incident).toMatchObject({ id, status: "open", commander: "lead@routers.test", provider: "sandbox", alertCount: 1, openedBy: "manager@routers.test", summary: null });
    expect(seenByAgent.incident.impact).toMatchObject({ orders: 42, amount: { minor: 123_400, currency: "CNY" } });
    expect(seenByAgent.alerts.map((a) => [a.id, a.status, a.incidentId])).toEqual([[alertId, "acknowledged", id]]);
    expect(seenByAgent.timeline.map((e) => e.kind)).toEqual(["alert_fired", "opened", "alert_acknowledged", "commander_set", "note"]);
    // A phone typed into a note is personal data: masked for the agent, shown to ops.
    expect(JSON.stringify(seenByAgent.timeline)).not.toContain("13812345678");
    expect(JSON.stringify((await as("ops").incident.get({ id })).timeline)).toContain("13812345678");
    expect(seenByAgent.affected).toEqual({ orders: 0, users: 0, amount: { minor: 0, currency: "CNY" }, sample: [] });

    expect((await as("agent").incident.list({ status: "open" })).items.map((i) => i.id)).toEqual([id]);
    await expect(as("agent").incident.resolve({ id, summary: "Provider gateway outage; janitor recovered the payments." })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await as("admin").incident.resolve({ id, summary: "Provider gateway outage; janitor recovered the payments." })).toEqual({ id });
    expect((await as("agent").incident.list({ status: "open" })).items).toEqual([]);
    expect((await as("agent").incident.list({})).items[0]).toMatchObject({ id, status: "resolved" });
    const resolved = await db().select().from(incidentEvents).where(and(eq(incidentEvents.incidentId, id), eq(incidentEvents.kind, "resolved")));
    expect(resolved[0]!.data).toMatchObject({ openAlerts: [{ id: alertId, status: "acknowledged" }] });
    await expect(as("ops").incident.get({ id: 987_654 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
