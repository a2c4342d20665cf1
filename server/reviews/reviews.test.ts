import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  alerts, auditLogs, discrepancies, incidentAlerts, incidentEvents, incidentReviews, incidents, orders, refunds, reviewActionItems, statusNotices, tickets, userNotices, users,
} from "@/db/schema";
import { resolveIncident } from "@/server/incidents/resolve-incident";
import { ConflictError, ValidationError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { addActionItem, setActionItemStatus, updateActionItem } from "./action-items";
import { completeReview } from "./complete-review";
import { draftReview } from "./draft-review";
import { getIncidentThread } from "./get-incident-thread";
import { listActionItems } from "./list-action-items";
import { listReviews } from "./list-reviews";

const db = useTestDb();
const MIN = 60_000;
// 2026-11-20 20:00 Asia/Shanghai
const T0 = Date.UTC(2026, 10, 20, 12, 0);
const at = (m: number) => new Date(T0 + m * MIN);
const ops = { id: "00000000-0000-4000-8000-0000000000a3", label: "ops@payops.local", role: "ops" as const };

let seq = 0;
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${++seq}`;

/** The hand-built thread every figure below is counted from (see the comments for what is in and out). */
async function seedThread(provider = "alipay") {
  const [inc] = await db()
    .insert(incidents)
    .values({ title: "success-rate-low · alipay", severity: "critical", provider, onsetAt: at(0), openedBy: "system:alerts", openedAt: at(3) })
    .returning();
  const id = inc!.id;
  const [alert] = await db()
    .insert(alerts)
    .values({ ruleKey: "success-rate-low", metric: "success_rate", provider, severity: "critical", status: "resolved", fingerprint: uniq("fp"), onsetAt: at(0), firedAt: at(3), acknowledgedAt: at(7), resolvedAt: at(55), lastEvaluatedMinute: at(55) })
    .returning();
  await db().insert(incidentAlerts).values({ alertId: alert!.id, incidentId: id });
  await db().insert(incidentEvents).values([
    { incidentId: id, kind: "opened", actor: "system:alerts", at: at(3), data: { ruleKey: "success-rate-low" } },
    { incidentId: id, kind: "alert_fired", actor: "system:alerts", at: at(3), data: { alertId: alert!.id, ruleKey: "success-rate-low" } },
    // a person took command at +5 min, before the alert was acknowledged at +7: acknowledge = 2 min
    { incidentId: id, kind: "commander_set", actor: "ops@payops.local", at: at(5), data: { commander: "ops@payops.local" } },
    { incidentId: id, kind: "alert_acknowledged", actor: "ops@payops.local", at: at(7), data: { alertId: alert!.id } },
    { incidentId: id, kind: "note", actor: "ops@payops.local", at: at(10), data: { text: "支付宝网关 5xx 上升，已联系渠道" } },
  ]);
  const o = (suffix: string, fields: Partial<typeof orders.$inferInsert>) => ({ orderNo: `${suffix}-${id}`, userId: "u1", amountMinor: 1000, currency: "CNY", provider: "alipay" as const, ...fields });
  const made = await db()
    .insert(orders)
    .values([
      o("O1", { amountMinor: 10_000, createdAt: at(10) }), // affected: unpaid in window
      o("O2", { status: "PAID", paidAt: at(13), paidVia: "notify", createdAt: at(12) }), // not affected: paid by callback
      o("O3", { amountMinor: 5_000, status: "PAID", paidAt: at(30), paidVia: "query", createdAt: at(20) }), // affected: learned by query
      o("O4", { provider: "wechatpay", userId: "u2", createdAt: at(15) }), // other provider
      o("O5", { userId: "u3", createdAt: at(70) }), // after it was resolved
    ])
    .returning({ id: orders.id, orderNo: orders.orderNo });
  const orderId = (p: string) => made.find((m) => m.orderNo.startsWith(`${p}-`))!.id;
  const [t1, , ] = await db()
    .insert(tickets)
    .values([
      { number: uniq("T1"), subject: "大量用户反馈支付失败", description: "x", source: "incident", incidentId: id, status: "open", createdBy: "ops@payops.local" },
      { number: uniq("T2"), subject: "扣款未到账", description: "x", source: "self_service", orderNo: `O1-${id}`, status: "solved", createdBy: "self-service" },
      { number: uniq("T3"), subject: "微信订单", description: "x", source: "console", orderNo: `O4-${id}`, status: "open", createdBy: "agent@payops.local" }, // not linked
    ])
    .returning({ id: tickets.id });
  const refund = (p: string, fields: Partial<typeof refunds.$inferInsert>) => ({
    refundNo: uniq("R"), orderId: orderId(p), orderNo: `${p}-${id}`, provider: "alipay" as const, userId: "u1", kind: "refund" as const, amountMinor: 1000, currency: "CNY",
    reasonCode: "incident_goodwill" as const, status: "succeeded" as const, requestedBy: "agent", requestedByLabel: "agent@payops.local", ...fields,
  });
  await db().insert(refunds).values([
    refund("O3", { amountMinor: 5_000 }), // affected order, refunded
    refund("O2", { amountMinor: 2_000, ticketId: t1!.id, status: "pending_approval" }), // through the incident's ticket, pending
    refund("O4", { amountMinor: 999, provider: "wechatpay" }), // not linked
  ]);
  const d = (fields: Partial<typeof discrepancies.$inferInsert>) => ({ type: "status_mismatch" as const, risk: "high" as const, provider: "alipay" as const, ourFacts: {}, providerFacts: {}, currency: "CNY", ...fields });
  await db().insert(discrepancies).values([
    d({ orderNo: `O3-${id}`, differenceMinor: 300, detectedAt: at(90) }), // affected order, open
    d({ type: "missing_internal", differenceMinor: 700, detectedAt: at(30), status: "resolved" }), // in scope and window, resolved
    d({ provider: "wechatpay", differenceMinor: 400, detectedAt: at(30) }), // other provider
    d({ type: "missing_internal", differenceMinor: 100, detectedAt: at(-60) }), // before the onset
  ]);
  const n = (p: string, status: "sent" | "failed", incidentId: number | null) => ({ orderNo: `${p}-${id}`, userId: "u1", situation: "payment_delayed" as const, status, createdBy: "ops@payops.local", incidentId, kind: status === "failed" ? ("follow_up" as const) : ("initial" as const) });
  await db().insert(userNotices).values([n("O1", "sent", id), n("O3", "sent", id), n("O3", "failed", id), n("O4", "sent", null)]);
  await db().insert(statusNotices).values({ incidentId: id, kind: "incident", severity: "warning", status: "investigating", title: { "zh-CN": "支付宝支付延迟", en: "Alipay delays" }, body: { "zh-CN": "x", en: "x" }, components: [], createdBy: "ops@payops.local", startedAt: at(8) });
  return id;
}

describe("incident thread and review draft", () => {
  it("resolving an incident drafts its review with the facts counted by hand", async () => {
    const id = await seedThread();
    await resolveIncident(db(), id, "支付宝网关故障，渠道恢复后补单完成", ops, at(60));
    const [review] = await db().select().from(incidentReviews).where(eq(incidentReviews.incidentId, id));
    expect(review!.status).toBe("draft");
    const f = review!.draft;
    expect(f.times).toEqual({ detectS: 180, ackS: 120, resolveS: 3600 });
    expect(f.impact).toEqual({ orders: 2, users: 1, amountMinor: 15_000, currency: "CNY" });
    expect(f.alerts).toEqual({ count: 1, rules: ["success-rate-low"] });
    expect(f.tickets).toEqual({ total: 2, open: 1 });
    expect(f.refunds).toEqual({ count: 2, refundedMinor: 5_000, pendingMinor: 2_000, currency: "CNY" });
    expect(f.atRisk).toEqual({ discrepancies: 2, openDiscrepancies: 1, amountMinor: 300, currency: "CNY" });
    expect(f.usersNotified).toEqual({ sent: 2, failed: 1, total: 3 });
    expect(f.statusNotices).toBe(1);
    expect(f.actions).toEqual({ opened: 1, alert_fired: 1, commander_set: 1, alert_acknowledged: 1, note: 1, resolved: 1 });
    expect(f.timelineTotal).toBe(6);
    expect(f.timeline.map((e) => e.kind)).toEqual(["opened", "alert_fired", "commander_set", "alert_acknowledged", "note", "resolved"]);
    expect(f.timeline[4]!.text).toBe("支付宝网关 5xx 上升，已联系渠道");
    expect(f.incident.summary).toBe("支付宝网关故障，渠道恢复后补单完成");

    const thread = await getIncidentThread(db(), id, at(120));
    expect(thread.alerts.total).toBe(1);
    expect(thread.tickets.items.map((t) => t.subject).sort()).toEqual(["大量用户反馈支付失败", "扣款未到账"]);
    expect(thread.refunds.items.map((r) => r.amountMinor).sort((a, b) => a - b)).toEqual([2_000, 5_000]);
    expect(thread.discrepancies.items.map((r) => r.differenceMinor)).toEqual([700, 300]);
    expect(thread.userNotices).toEqual({ total: 3, sent: 2, failed: 1, pending: 0 });
    expect(thread.statusNotices.total).toBe(1);
    expect(thread.timeline.total).toBe(6);
  });

  it("refreshes while draft, refuses an open incident, and freezes once completed", async () => {
    const id = await seedThread();
    await expect(draftReview(db(), id, ops, at(20))).rejects.toBeInstanceOf(ConflictError);
    await resolveIncident(db(), id, "支付宝网关故障，已恢复", ops, at(60));
    await db().insert(incidentEvents).values({ incidentId: id, kind: "note", actor: "ops@payops.local", at: at(80), data: { text: "补充：渠道确认根因" } });
    await draftReview(db(), id, ops, at(90));
    const [refreshed] = await db().select().from(incidentReviews).where(eq(incidentReviews.incidentId, id));
    expect(refreshed!.draft.timelineTotal).toBe(7);
    expect(refreshed!.draft.draftedAt).toBe(at(90).toISOString());

    await expect(completeReview(db(), id, { rootCause: "太短", whatWorked: "", whatDidNot: "" }, ops, at(100))).rejects.toBeInstanceOf(ValidationError);
    await completeReview(db(), id, { rootCause: "渠道侧网关证书轮换失败导致 5xx", whatWorked: "告警 3 分钟内触发", whatDidNot: "" }, ops, at(100));
    const [done] = await db().select().from(incidentReviews).where(eq(incidentReviews.incidentId, id));
    expect(done).toMatchObject({ status: "completed", completedBy: "ops@payops.local", whatWorked: "告警 3 分钟内触发", whatDidNot: null });
    expect(done!.completedAt).toEqual(at(100));
    await expect(completeReview(db(), id, { rootCause: "渠道侧网关证书轮换失败", whatWorked: "", whatDidNot: "" }, ops, at(101))).rejects.toBeInstanceOf(ConflictError);
    await expect(draftReview(db(), id, ops, at(110))).rejects.toBeInstanceOf(ConflictError);
    const [frozen] = await db().select().from(incidentReviews).where(eq(incidentReviews.incidentId, id));
    expect(frozen!.draft.draftedAt).toBe(at(90).toISOString());
    const audits = await db().select().from(auditLogs).where(eq(auditLogs.entityId, String(id)));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["incident.resolve", "review.draft", "review.complete"]));
  });

  it("action items: added with owner and due day, tracked to done and reopened, overdue by the business day", async () => {
    const id = await seedThread();
    await resolveIncident(db(), id, "支付宝网关故障，已恢复", ops, at(60));
    const [owner] = await db().insert(users).values({ email: `${uniq("owner")}@payops.local`, name: "值班负责人", passwordHash: "x", role: "ops" }).returning({ id: users.id });
    const a = await addActionItem(db(), id, { title: "成功率告警阈值从 90% 调到 93%", ownerId: owner!.id, dueOn: "2026-11-25" }, ops);
    const b = await addActionItem(db(), id, { title: "补单脚本加入值班手册", ownerId: null, dueOn: "2026-11-26" }, ops);
    await expect(addActionItem(db(), id, { title: "x", ownerId: "00000000-0000-4000-8000-00000000ffff", dueOn: null }, ops)).rejects.toBeInstanceOf(ValidationError);

    // 2026-11-25 23:30 Asia/Shanghai is 15:30 UTC: item a is due that day, not overdue yet; at 16:30 UTC it is the 26th.
    expect((await listActionItems(db(), { incidentIds: [id], overdueAt: new Date(Date.UTC(2026, 10, 25, 15, 30)) })).map((i) => i.id)).toEqual([]);
    const overdue = await listActionItems(db(), { incidentIds: [id], overdueAt: new Date(Date.UTC(2026, 10, 25, 16, 30)) });
    expect(overdue.map((i) => i.id)).toEqual([a.id]);
    expect(overdue[0]).toMatchObject({ ownerName: "值班负责人", dueOn: "2026-11-25", overdue: true, status: "open" });

    await updateActionItem(db(), b.id, { ownerId: owner!.id, dueOn: "2026-12-01" }, ops);
    await setActionItemStatus(db(), a.id, "done", ops, at(200));
    await expect(setActionItemStatus(db(), a.id, "done", ops, at(201))).rejects.toBeInstanceOf(ConflictError);
    const items = await listActionItems(db(), { incidentIds: [id], now: new Date(Date.UTC(2026, 10, 30)) });
    expect(items.map((i) => [i.id, i.status, i.dueOn, i.overdue])).toEqual([
      [a.id, "done", "2026-11-25", false],
      [b.id, "open", "2026-12-01", false],
    ]);
    expect(items[0]).toMatchObject({ doneBy: "ops@payops.local", doneAt: at(200) });
    await setActionItemStatus(db(), a.id, "open", ops, at(300));
    expect((await listActionItems(db(), { incidentIds: [id], status: "open" })).map((i) => i.id)).toEqual([a.id, b.id]);

    const page = await listReviews(db(), { status: "draft", now: new Date(Date.UTC(2026, 10, 30)) });
    const mine = page.items.find((r) => r.incidentId === id)!;
    expect(mine).toMatchObject({ status: "draft", actionItems: 2, openActionItems: 2, overdueActionItems: 1, owner: "ops@payops.local" });
    const audits = await db().select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.entityType, "review_action_item"));
    expect(audits.map((x) => x.action)).toEqual(expect.arrayContaining(["review.action_item_add", "review.action_item_update", "review.action_item_done", "review.action_item_reopen"]));
    expect(await db().select().from(reviewActionItems).where(eq(reviewActionItems.incidentId, id))).toHaveLength(2);
  });
});
