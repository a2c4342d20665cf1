import { and, asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { alertEvaluationCursors, alertNotifications, alerts, auditLogs, briefConfirmations, briefs, briefVersions, incidentAlerts, incidentEvents, incidents, metricMinutes, statusNotices, statusNoticeUpdates, statusSettings, incidentReviews, reviewActionItems } from "@/db/schema";
import { evaluateAlerts } from "@/server/alerts/evaluate-alerts";
import { seedDefaultRules } from "@/server/alerts/seed-default-rules";
import { ConflictError, NotFoundError, ValidationError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { HEALTHY_MINUTE, insertTraffic, OUTAGE_MINUTE } from "@/test/metric-traffic";
import { autoPublishNotice } from "./auto-publish-notice";
import { buildSnapshot } from "./build-snapshot";
import { getNotice } from "./get-notice";
import { getStatusOverview } from "./get-overview";
import { listNotices } from "./list-notices";
import { postNoticeUpdate } from "./post-notice-update";
import { publishNotice, type PublishNoticeInput } from "./publish-notice";
import { setAutoPublish } from "./set-auto-publish";
import { listStatusTemplates } from "./status-templates";

const db = useTestDb();
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 20, 8, 0);
const at = (m: number) => new Date(T0 + m * MIN);
const ops = { id: "00000000-0000-4000-8000-000000000001", label: "ops@payops.local", role: "ops" as const };
const TZ = "Asia/Shanghai";
const snapshotAt = (now: Date) => buildSnapshot(db(), { now, appUrl: "https://pay.example.com", timeZone: TZ });

const busy = (over: Partial<PublishNoticeInput> = {}): PublishNoticeInput => ({
  kind: "incident",
  severity: "warning",
  status: "investigating",
  title: { "zh-CN": "系统繁忙 / 支付可能延迟", en: "High load: payments may be delayed" },
  body: { "zh-CN": "支付宝支付目前较为繁忙。", en: "Alipay payments are busy." },
  components: [
    { key: "alipay", state: "partial_outage" },
    { key: "orders", state: "degraded_performance" },
  ],
  ...over,
});

async function openIncidentRow(provider = "alipay", openedBy = "system:alerts") {
  const [row] = await db().insert(incidents).values({ title: `t · ${provider}`, severity: "critical", provider, onsetAt: at(0), openedBy, openedAt: at(0) }).returning();
  return row!;
}

beforeEach(async () => {
  for (const t of [statusNoticeUpdates, statusNotices, statusSettings, reviewActionItems, incidentReviews, briefConfirmations, briefVersions, briefs, incidentEvents, incidentAlerts, incidents, alertNotifications, alerts, alertEvaluationCursors, metricMinutes]) await db().delete(t);
});

describe("publishing and updating notices", () => {
  it("publishes with its first update, audit row and incident timeline event; updates and resolves; components follow", async () => {
    const incident = await openIncidentRow();
    const { id } = await publishNotice(db(), busy({ incidentId: incident.id, templateKey: "busy" }), ops, { now: at(10) });

    let detail = await getNotice(db(), id);
    expect(detail.notice).toMatchObject({ id, incidentId: incident.id, status: "investigating", automatic: false, resolvedAt: null, createdBy: ops.label, startedAt: at(10) });
    expect(detail.updates).toHaveLength(1);
    expect(detail.updates[0]).toMatchObject({ status: "investigating", by: ops.label, at: at(10) });
    expect(await db().select().from(auditLogs).where(and(eq(auditLogs.action, "status.publish"), eq(auditLogs.entityId, String(id))))).toHaveLength(1);

    let snap = await snapshotAt(at(11));
    expect(Object.fromEntries(snap.components.map((c) => [c.key, c.state]))).toEqual({ alipay: "partial_outage", wechat: "operational", card: "operational", orders: "degraded_performance", refunds: "operational" });
    expect(snap.indicator).toBe("major");
    expect(snap.active.map((n) => n.id)).toEqual([id]);
    expect(snap.api.en.json.banner).toMatchObject({ id, severity: "warning", title: "High load: payments may be delayed", body: "Alipay payments are busy.", url: `https://pay.example.com/status#notice-${id}` });
    expect(snap.api["zh-CN"].json.status).toEqual({ indicator: "major", description: "部分支付服务出现故障" });

    await postNoticeUpdate(db(), { id, status: "identified", body: { "zh-CN": "已找到原因", en: "Found it" }, components: [{ key: "alipay", state: "major_outage" }] }, ops, { now: at(20) });
    snap = await snapshotAt(at(21));
    expect(snap.components.find((c) => c.key === "alipay")!.state).toBe("major_outage");
    expect(snap.components.find((c) => c.key === "orders")!.state).toBe("operational");
    expect(snap.indicator).toBe("critical");

    const { id: sameId } = await postNoticeUpdate(db(), { id, status: "resolved", body: { "zh-CN": "已恢复", en: "Recovered" } }, ops, { now: at(30) });
    expect(sameId).toBe(id);
    detail = await getNotice(db(), id);
    expect(detail.notice).toMatchObject({ status: "resolved", resolvedAt: at(30), body: { en: "Recovered" }, components: [{ key: "alipay", state: "operational" }] });
    expect(detail.updates.map((u) => u.status)).toEqual(["investigating", "identified", "resolved"]);
    snap = await snapshotAt(at(31));
    expect(snap.indicator).toBe("none");
    expect(snap.active).toEqual([]);
    expect(snap.api.en.json.banner).toBeNull();
    expect(snap.recent.map((n) => n.id)).toEqual([id]);

    // A closed notice takes no more updates; the timeline carries every step.
    await expect(postNoticeUpdate(db(), { id, status: "monitoring", body: { "zh-CN": "再看看", en: "again" } }, ops)).rejects.toBeInstanceOf(ConflictError);
    const timeline = await db().select().from(incidentEvents).where(eq(incidentEvents.incidentId, incident.id)).orderBy(asc(incidentEvents.at));
    expect(timeline.map((e) => [e.kind, e.data.status, e.data.automatic])).toEqual([
      ["status_notice", "investigating", false],
      ["status_notice", "identified", false],
      ["status_notice", "resolved", false],
    ]);
    expect(await db().select().from(auditLogs).where(and(eq(auditLogs.action, "status.resolve"), eq(auditLogs.entityId, String(id))))).toHaveLength(1);
  });

  it("refuses what a notice cannot be", async () => {
    await expect(publishNotice(db(), busy({ status: "scheduled" }), ops)).rejects.toBeInstanceOf(ValidationError);
    await expect(publishNotice(db(), busy({ status: "resolved" }), ops)).rejects.toBeInstanceOf(ValidationError);
    await expect(publishNotice(db(), busy({ components: [{ key: "nope", state: "major_outage" }] }), ops)).rejects.toThrow(/unknown component: nope/);
    await expect(publishNotice(db(), busy({ incidentId: 987654 }), ops)).rejects.toBeInstanceOf(NotFoundError);
    await expect(publishNotice(db(), busy({ kind: "maintenance", status: "scheduled", severity: "info" }), ops)).rejects.toThrow(/start and end/);
    await expect(publishNotice(db(), busy({ scheduledFor: at(1), scheduledUntil: at(2) }), ops)).rejects.toThrow(/only a maintenance/);
    await expect(postNoticeUpdate(db(), { id: 987654, status: "resolved", body: { "zh-CN": "x", en: "x" } }, ops)).rejects.toBeInstanceOf(NotFoundError);
    expect(await db().select().from(statusNotices)).toEqual([]);
  });

  it("maintenance: scheduled until its window, under maintenance during it, listed and filtered", async () => {
    const maint = busy({ kind: "maintenance", severity: "info", status: "scheduled", components: [{ key: "card", state: "under_maintenance" }], scheduledFor: at(60), scheduledUntil: at(120) });
    const { id } = await publishNotice(db(), maint, ops, { now: at(0) });
    const incidentNotice = (await publishNotice(db(), busy(), ops, { now: at(1) })).id;

    let snap = await snapshotAt(at(30));
    expect(snap.scheduled.map((n) => n.id)).toEqual([id]);
    expect(snap.components.find((c) => c.key === "card")!.state).toBe("operational");
    snap = await snapshotAt(at(90));
    expect(snap.scheduled).toEqual([]);
    expect(snap.active.map((n) => n.id)).toEqual([incidentNotice, id]);
    expect(snap.components.find((c) => c.key === "card")!.state).toBe("under_maintenance");
    // Its window is over and nobody closed it: no longer announced as upcoming, nor under maintenance.
    snap = await snapshotAt(at(150));
    expect(snap.scheduled).toEqual([]);
    expect(snap.active.map((n) => n.id)).toEqual([incidentNotice]);
    expect(snap.components.find((c) => c.key === "card")!.state).toBe("operational");

    expect((await listNotices(db(), { filter: "scheduled" })).items.map((n) => n.id)).toEqual([id]);
    expect((await listNotices(db(), { filter: "active" })).items.map((n) => n.id)).toEqual([incidentNotice]);
    const page1 = await listNotices(db(), { limit: 1 });
    expect(page1.items.map((n) => n.id)).toEqual([incidentNotice]);
    const page2 = await listNotices(db(), { limit: 1, cursor: page1.nextCursor! });
    expect(page2).toMatchObject({ items: [{ id }], nextCursor: null });

    await postNoticeUpdate(db(), { id, status: "completed", body: { "zh-CN": "升级完成", en: "Done" } }, ops, { now: at(100) });
    expect((await listNotices(db(), { filter: "resolved" })).items.map((n) => n.id)).toEqual([id]);
    snap = await snapshotAt(at(101));
    expect(snap.components.find((c) => c.key === "card")!.state).toBe("operational");
  });

  it("history bars: per business day (Asia/Shanghai), the worst state of that day", async () => {
    // 15:00 UTC is 23:00 in Shanghai: major from 23:30 to 23:50, then degraded until 01:00 the next local day.
    const start = new Date(Date.UTC(2026, 10, 20, 15, 0));
    const { id } = await publishNotice(db(), busy({ components: [{ key: "wechat", state: "degraded_performance" }] }), ops, { now: start });
    await postNoticeUpdate(db(), { id, status: "identified", body: { "zh-CN": "更糟", en: "worse" }, components: [{ key: "wechat", state: "major_outage" }] }, ops, { now: new Date(start.getTime() + 30 * MIN) });
    await postNoticeUpdate(db(), { id, status: "monitoring", body: { "zh-CN": "好转", en: "better" }, components: [{ key: "wechat", state: "degraded_performance" }] }, ops, { now: new Date(start.getTime() + 50 * MIN) });
    await postNoticeUpdate(db(), { id, status: "resolved", body: { "zh-CN": "已恢复", en: "ok" } }, ops, { now: new Date(start.getTime() + 120 * MIN) });

    const snap = await snapshotAt(new Date(Date.UTC(2026, 10, 25, 4, 0)));
    const wechat = snap.components.find((c) => c.key === "wechat")!.history;
    expect(wechat).toHaveLength(90);
    expect(wechat[89]!.day).toBe("2026-11-25");
    const day = (d: string) => wechat.find((b) => b.day === d)!.state;
    expect(day("2026-11-20")).toBe("major_outage");
    expect(day("2026-11-21")).toBe("degraded_performance");
    expect(day("2026-11-22")).toBe("operational");
    expect(snap.components.find((c) => c.key === "alipay")!.history.every((b) => b.state === "operational")).toBe(true);
  });

  it("templates are written in both languages with the contract's titles", () => {
    const t = listStatusTemplates();
    expect(t.map((x) => x.key)).toEqual(["busy", "maintenance", "recovery", "maintenance_done"]);
    expect(t[0]!.title).toEqual({ "zh-CN": "系统繁忙 / 支付可能延迟", en: "High load: payments may be delayed" });
    expect(t[1]!.title["zh-CN"]).toBe("系统升级通知");
    expect(t[2]!.body["zh-CN"]).toMatch(/^已恢复/);
    for (const x of t) for (const text of [x.title, x.body]) expect(text["zh-CN"].length * text.en.length).toBeGreaterThan(0);
  });
});

describe("auto-publish", () => {
  it("is off until set; then one automatic busy notice per automatically opened incident", async () => {
    const incident = await openIncidentRow("alipay");
    expect(await autoPublishNotice(db(), incident.id)).toBeNull();
    expect((await getStatusOverview(db())).autoPublish).toBe(false);

    await setAutoPublish(db(), true, ops);
    expect((await getStatusOverview(db())).autoPublish).toBe(true);
    expect(await db().select().from(auditLogs).where(eq(auditLogs.action, "status.setAutoPublish"))).toHaveLength(1);

    const id = await autoPublishNotice(db(), incident.id, { now: at(5) });
    expect(id).not.toBeNull();
    expect(await autoPublishNotice(db(), incident.id, { now: at(6) })).toBeNull();
    const rows = await db().select().from(statusNotices);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ automatic: true, templateKey: "busy", incidentId: incident.id, createdBy: "system:status-auto-publish", components: [{ key: "alipay" }, { key: "orders" }] });
    expect(rows[0]!.body["zh-CN"]).toContain("支付宝");
    expect(rows[0]!.body.en).not.toMatch(/[{}]/);
    const events = await db().select().from(incidentEvents).where(and(eq(incidentEvents.incidentId, incident.id), eq(incidentEvents.kind, "status_notice")));
    expect(events.map((e) => e.data)).toEqual([{ noticeId: id, status: "investigating", automatic: true }]);

    // A hand-opened incident is ops' to announce.
    const manual = await openIncidentRow("wechatpay", ops.label);
    expect(await autoPublishNotice(db(), manual.id)).toBeNull();
  });

  it("the evaluator publishes it when a critical alert opens the incident (setting on), once", { timeout: 120_000 }, async () => {
    await seedDefaultRules(db());
    await setAutoPublish(db(), true, ops);
    const evaluateMinute = (m: number) => evaluateAlerts(db(), { now: new Date(T0 + (m + 2) * MIN), settleMs: MIN });
    await insertTraffic(db(), at, 0, 180, HEALTHY_MINUTE);
    await evaluateMinute(179);
    await insertTraffic(db(), at, 180, 190, OUTAGE_MINUTE);
    for (let m = 180; m < 188; m++) await evaluateMinute(m);

    const [incident] = await db().select().from(incidents);
    expect(incident).toMatchObject({ provider: "sandbox", status: "open" });
    const notices = await db().select().from(statusNotices);
    expect(notices).toHaveLength(1);
    // The sandbox has no payment method of its own: order updates.
    expect(notices[0]).toMatchObject({ incidentId: incident!.id, automatic: true, status: "investigating", components: [{ key: "orders", state: "degraded_performance" }] });
  });
});
