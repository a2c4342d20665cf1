import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLogs, briefConfirmations, briefs, briefVersions, incidents, orders, scripts, users } from "@/db/schema";
import { seedScriptsAndKb } from "@/server/scripts/seed-scripts-kb";
import { defaultBrief, type BriefContent } from "@/lib/briefs";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { confirmBrief } from "./confirm-brief";
import { getActiveBrief } from "./get-active-brief";
import { getActiveBriefView, getIncidentBrief } from "./get-brief";
import { saveBrief } from "./save-brief";
import { DESK_E2E_ORDER, seedDemoDesk } from "./seed-demo-desk";
import { seedDefaultBrief } from "./seed-default-brief";

const db = useTestDb();
const T0 = Date.UTC(2026, 10, 20, 8, 0);
const at = (m: number) => new Date(T0 + m * 60_000);
const loc = (zh: string, en: string) => ({ "zh-CN": zh, en });
const content = (n: number, scriptIds: number[] = []): BriefContent => ({
  happening: loc(`支付宝回调延迟 ${n}`, `Alipay callbacks delayed ${n}`),
  affected: loc("支付宝用户", "Alipay payers"),
  tellUsers: loc("请勿重复支付", "Please do not pay again"),
  agentsMay: loc("立即查询", "Query now"),
  scriptIds,
});

let lead: { id: string; label: string; role: "senior_agent" };
let agentA: { id: string; label: string; role: "agent" };
let agentB: { id: string; label: string; role: "agent" };

async function incident(provider: string, openedMinute: number, status: "open" | "resolved" = "open") {
  const [row] = await db()
    .insert(incidents)
    .values({ title: `outage ${provider}`, severity: "critical", status, provider, onsetAt: at(openedMinute), openedAt: at(openedMinute), openedBy: "system:test" })
    .returning({ id: incidents.id });
  return row!.id;
}

async function user(email: string, role: "agent" | "senior_agent") {
  const [row] = await db().insert(users).values({ email, name: email, passwordHash: "x", role }).returning({ id: users.id });
  return row!.id;
}

beforeEach(async () => {
  for (const t of [briefConfirmations, briefVersions, briefs, incidents, auditLogs]) await db().delete(t);
  await db().delete(users);
  lead = { id: await user("lead@brief.test", "senior_agent"), label: "lead@brief.test", role: "senior_agent" };
  agentA = { id: await user("a@brief.test", "agent"), label: "a@brief.test", role: "agent" };
  agentB = { id: await user("b@brief.test", "agent"), label: "b@brief.test", role: "agent" };
});

describe("incident brief", () => {
  it("versions each save, keeps the history, and audits every save", async () => {
    const id = await incident("alipay", 0);
    expect(await saveBrief(db(), lead, { incidentId: id, content: content(1) }, at(1))).toMatchObject({ version: 1 });
    expect(await saveBrief(db(), lead, { incidentId: id, content: content(2, [7, 7, 3]), baseVersion: 1 }, at(2))).toMatchObject({ version: 2 });
    const { brief, history } = await getIncidentBrief(db(), id, null);
    expect(brief?.version).toBe(2);
    expect(brief?.brief.happening.en).toBe("Alipay callbacks delayed 2");
    expect(brief?.brief.scriptIds).toEqual([7, 3]);
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    const v1 = await db().select().from(briefVersions).where(eq(briefVersions.version, 1));
    expect(v1[0]?.content.happening.en).toBe("Alipay callbacks delayed 1");
    const audits = await db().select().from(auditLogs).where(eq(auditLogs.action, "brief.save"));
    expect(audits).toHaveLength(2);
    expect(audits.every((a) => a.actorLabel === "lead@brief.test" && a.entityId === String(id))).toBe(true);
  });

  it("refuses a save over someone else's newer version, an empty 'what is happening', and an unknown incident", async () => {
    const id = await incident("alipay", 0);
    await saveBrief(db(), lead, { incidentId: id, content: content(1) });
    await saveBrief(db(), lead, { incidentId: id, content: content(2), baseVersion: 1 });
    await expect(saveBrief(db(), lead, { incidentId: id, content: content(3), baseVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    await expect(saveBrief(db(), lead, { incidentId: id, content: { ...content(3), happening: loc("  ", "x") } })).rejects.toBeInstanceOf(ValidationError);
    await expect(saveBrief(db(), lead, { incidentId: 987654, content: content(1) })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("records a confirmation per user and version; a new version asks again; the incident page lists who confirmed", async () => {
    const id = await incident("alipay", 0);
    const { id: briefId } = await saveBrief(db(), lead, { incidentId: id, content: content(1) });
    expect((await getActiveBriefView(db(), agentA.id))?.confirmedAt).toBeNull();
    await confirmBrief(db(), agentA, { briefId, version: 1 }, at(5));
    await confirmBrief(db(), agentA, { briefId, version: 1 }, at(6)); // twice: one row
    await confirmBrief(db(), agentB, { briefId, version: 1 }, at(7));
    expect((await getActiveBriefView(db(), agentA.id))?.confirmedAt).toEqual(at(5));
    expect((await getIncidentBrief(db(), id, null)).confirmations.map((c) => c.userLabel)).toEqual(["a@brief.test", "b@brief.test"]);
    expect(await db().select().from(auditLogs).where(eq(auditLogs.action, "brief.confirm"))).toHaveLength(2);

    await saveBrief(db(), lead, { incidentId: id, content: content(2) });
    expect((await getActiveBriefView(db(), agentA.id))?.confirmedAt).toBeNull();
    expect((await getIncidentBrief(db(), id, null)).confirmations).toEqual([]);
    // Confirming the version read before the change is refused: read the new one first.
    await expect(confirmBrief(db(), agentA, { briefId, version: 1 })).rejects.toBeInstanceOf(ConflictError);
    await confirmBrief(db(), agentA, { briefId, version: 2 }, at(9));
    expect((await getIncidentBrief(db(), id, null)).confirmations).toEqual([{ userLabel: "a@brief.test", confirmedAt: at(9) }]);
  });

  it("the active brief is a pinned one, else the newest open incident's; resolved incidents never brief", async () => {
    expect(await getActiveBrief(db())).toBeNull();
    const older = await incident("alipay", 0);
    const newer = await incident("wechatpay", 10);
    const unbriefed = await incident("stripe", 20);
    const resolved = await incident("sandbox", 30, "resolved");
    await saveBrief(db(), lead, { incidentId: older, content: content(1, [1]) });
    await saveBrief(db(), lead, { incidentId: resolved, content: content(1, [9]) });
    expect(await getActiveBrief(db())).toEqual({ incidentId: older, scriptIds: [1], version: 1 });
    await saveBrief(db(), lead, { incidentId: newer, content: content(1, [2]) });
    expect((await getActiveBrief(db()))?.incidentId).toBe(newer);
    await saveBrief(db(), lead, { incidentId: older, content: content(2, [1]), pinned: true });
    expect(await getActiveBrief(db())).toEqual({ incidentId: older, scriptIds: [1], version: 2 });
    // Pinning another unpins the first.
    await saveBrief(db(), lead, { incidentId: newer, content: content(2, [2]), pinned: true });
    expect((await getActiveBrief(db()))?.incidentId).toBe(newer);
    expect(await db().select({ id: briefs.incidentId }).from(briefs).where(eq(briefs.pinned, true))).toEqual([{ id: newer }]);
    expect(unbriefed).toBeGreaterThan(0);
  });

  it("an incident nobody briefed gets the default brief once, in both languages, naming its provider", async () => {
    const id = await incident("alipay", 0);
    expect(await seedDefaultBrief(db(), id, at(1))).toEqual({ created: true });
    expect(await seedDefaultBrief(db(), id, at(2))).toEqual({ created: false });
    const view = await getActiveBriefView(db(), null);
    expect(view?.version).toBe(1);
    expect(view?.brief).toEqual(defaultBrief("alipay"));
    expect(view?.brief.happening["zh-CN"]).toContain("支付宝");
    expect(view?.brief.happening.en).toContain("Alipay");
    expect(view?.updatedBy).toBe("system:default-brief");
    // A supervisor's brief is never replaced by the default.
    const other = await incident("wechatpay", 5);
    await saveBrief(db(), lead, { incidentId: other, content: content(1) });
    expect(await seedDefaultBrief(db(), other)).toEqual({ created: false });
    expect((await getIncidentBrief(db(), other, null)).brief?.brief.happening.en).toBe("Alipay callbacks delayed 1");
  });

  it("the demo seed briefs the live outage with its scripts and reserves the desk e2e's order, once", async () => {
    const live = await incident("sandbox", 0);
    await seedScriptsAndKb(db());
    expect(await seedDemoDesk(db(), { now: at(1) })).toEqual({ briefed: 1 });
    expect(await seedDemoDesk(db(), { now: at(2) })).toEqual({ briefed: 0 });
    const view = await getActiveBriefView(db(), null);
    expect(view?.incidentId).toBe(live);
    expect(view?.version).toBe(2);
    const keys = await db().select({ id: scripts.id, key: scripts.key }).from(scripts);
    expect(view?.brief.scriptIds.map((id) => keys.find((k) => k.id === id)?.key)).toEqual(["paid-not-updated-wait", "paid-not-updated-fixed", "system-busy-incident"]);
    expect(view?.brief.happening).toEqual(defaultBrief("sandbox").happening);
    const [order] = await db().select().from(orders).where(eq(orders.orderNo, DESK_E2E_ORDER.orderNo));
    expect(order).toMatchObject({ status: "CREATED", userPhone: DESK_E2E_ORDER.userPhone });
  });
});
