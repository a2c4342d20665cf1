import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLogs, briefConfirmations, briefs, briefVersions, discrepancies, incidentEvents, incidents, jobs, orders, userNoticeDeliveries, userNoticeOptOuts, userNotices, userNoticeSettings, userNoticeTemplates, incidentReviews, reviewActionItems } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { jobRegistry } from "@/server/jobs/registry";
import { runTick } from "@/server/jobs/run-jobs";
import { useTestDb } from "@/test/db";
import { startFakeChannels, type FakeChannels } from "@/test/fake-channels";
import { startFakePushReceiver, type FakePushReceiver } from "@/test/fake-channels/push-receiver";
import { overrideEnv } from "@/test/override-env";
import { createNotices } from "./create-notices";
import { runNoticeDetection } from "./detect-notices-job";
import { addOptOut } from "./manage-opt-outs";
import { notifyIncidentUsers } from "./notify-incident-users";
import { planIncidentNotices } from "./plan-incident-notices";
import { quietHoursRelease } from "./quiet-hours";
import { saveTemplate } from "./save-template";
import { sendTestNotice } from "./send-test-notice";

const db = useTestDb();
let sms: FakeChannels;
let push: FakePushReceiver;
let restoreEnv = () => {};
const ops = { id: null, label: "ops@payops.local" };
const MIN = 60_000;
// 14:00 in Shanghai (06:00 UTC): outside the default quiet hours 21:00–09:00.
const NOW = new Date(Date.UTC(2026, 0, 10, 6, 0));
const ago = (m: number) => new Date(NOW.getTime() - m * MIN);

let seq = 0;
async function order(fields: Partial<typeof orders.$inferInsert> = {}) {
  const n = ++seq;
  const [o] = await db()
    .insert(orders)
    .values({ orderNo: `UN-${n}`, userId: `user-${n}`, userPhone: `1380000${String(n).padStart(4, "0")}`, amountMinor: 1999, currency: "CNY", provider: "alipay", createdAt: ago(30), ...fields })
    .returning();
  return o!;
}
const paid = (m: number, fields: Partial<typeof orders.$inferInsert> = {}) => order({ status: "PAID", paidAt: ago(m), paidVia: "notify", providerTransactionId: `tx-${seq + 1}`, ...fields });
async function discrepancy(orderNo: string, type: "duplicate_payment" | "paid_after_close") {
  await db().insert(discrepancies).values({ type, risk: "high", provider: "alipay", orderNo, providerTransactionId: `d-${orderNo}-${type}`, ourFacts: {}, providerFacts: {}, detectedAt: ago(1) });
}
const noticesOf = (orderNo: string) => db().select().from(userNotices).where(eq(userNotices.orderNo, orderNo));
const deliveriesOf = async (orderNo: string) => {
  const [n] = await noticesOf(orderNo);
  return n ? db().select().from(userNoticeDeliveries).where(eq(userNoticeDeliveries.noticeId, n.id)) : [];
};
/** Runs every due job (the notice deliveries) the way the worker does. */
const work = () => runTick(db(), jobRegistry, { workerId: "test", concurrency: 4 });

beforeAll(async () => {
  sms = await startFakeChannels();
  push = await startFakePushReceiver();
  restoreEnv = overrideEnv({ ...sms.env, ...push.env, USER_NOTICE_RETRY_SCHEDULE: "1ms,1ms" });
});
afterAll(async () => {
  restoreEnv();
  await sms.close();
  await push.close();
});
beforeEach(async () => {
  for (const t of [userNoticeDeliveries, userNotices, userNoticeOptOuts, userNoticeSettings, userNoticeTemplates, incidentEvents, jobs, discrepancies]) await db().delete(t);
  for (const t of [reviewActionItems, incidentReviews, briefConfirmations, briefVersions, briefs, incidents]) await db().delete(t);
  await db().delete(orders);
  sms.reset();
  push.reset();
});

describe("detection", () => {
  it("finds each situation from our own data, and nothing before NOTICE_AFTER or for healthy orders", async () => {
    const stuck = await paid(11); // paid 11 min ago, not fulfilled: over the default 10 min
    const fresh = await paid(5); // paid 5 min ago: not yet
    const healthy = await paid(30, { status: "FULFILLED", fulfilledAt: ago(29) });
    const unpaid = await order();
    const twice = await paid(30, { status: "FULFILLED", fulfilledAt: ago(29) });
    await discrepancy(twice.orderNo, "duplicate_payment");
    const closed = await order({ status: "CLOSED", closedAt: ago(20) });
    await discrepancy(closed.orderNo, "paid_after_close");
    const givenUp = await paid(60, { needsReview: true, reviewReasonCoded: { code: "order.fulfilment_failed", params: { attempts: 11, lastError: "HTTP 500" } }, updatedAt: ago(2) });

    await runNoticeDetection(db(), NOW);
    const all = await db().select().from(userNotices);
    const got = all.map((n) => `${n.orderNo}:${n.situation}`).sort();
    expect(got).toEqual(
      [`${stuck.orderNo}:paid_not_updated`, `${twice.orderNo}:duplicate_charge`, `${closed.orderNo}:cannot_complete`, `${givenUp.orderNo}:cannot_complete`, `${givenUp.orderNo}:paid_not_updated`].sort(),
    );
    for (const o of [fresh, healthy, unpaid]) expect(await noticesOf(o.orderNo)).toEqual([]);
    // The promise follows the situation: a refund with its arrival time, or a person and the ticket link.
    const [dup] = await deliveriesOf(twice.orderNo);
    expect(dup!.text).toContain("自动原路退回");
    expect(dup!.text).toContain("1–3 个工作日");
    const [closedSms] = await deliveriesOf(closed.orderNo);
    expect(closedSms!.text).toContain("自动原路退回");
    const manual = (await db().select().from(userNoticeDeliveries).innerJoin(userNotices, eq(userNotices.id, userNoticeDeliveries.noticeId)).where(and(eq(userNotices.orderNo, givenUp.orderNo), eq(userNotices.situation, "cannot_complete"))))[0]!;
    expect(manual.user_notice_deliveries.text).toContain(`/lookup?order=${givenUp.orderNo}`);
    expect(manual.user_notice_deliveries.text).toContain("人工完成");
  });

  it("a verified paid callback that was never applied counts as paid", async () => {
    const o = await order();
    const { callbackEvents } = await import("@/db/schema");
    await db().insert(callbackEvents).values({ provider: "alipay", headers: {}, body: "{}", verification: "verified", outcome: "received", orderNo: o.orderNo, providerStatus: "TRADE_SUCCESS", receivedAt: ago(12) });
    await runNoticeDetection(db(), NOW);
    expect((await noticesOf(o.orderNo)).map((n) => n.situation)).toEqual(["paid_not_updated"]);
  });

  it("one notice per order and situation however often detection runs", async () => {
    const o = await paid(15);
    await runNoticeDetection(db(), NOW);
    await runNoticeDetection(db(), NOW);
    await createNotices(db(), [{ orderNo: o.orderNo, situation: "paid_not_updated", kind: "initial" }], { createdBy: "retry", now: NOW });
    expect(await noticesOf(o.orderNo)).toHaveLength(1);
    expect(await deliveriesOf(o.orderNo)).toHaveLength(2);
    await work();
    await work();
    expect(sms.delivered("aliyun")).toHaveLength(1);
    expect(push.delivered()).toHaveLength(1);
  });
});

describe("delivery", () => {
  it("sends the SMS through the Aliyun adapter (the fake checks the signature) and a signed push the receiver verifies", async () => {
    const o = await paid(15, { userId: "u-push-1" });
    await runNoticeDetection(db(), NOW);
    await work();
    const [req] = sms.delivered("aliyun");
    const params = Object.fromEntries(new URLSearchParams(req!.body));
    expect(params.PhoneNumbers).toBe(o.userPhone);
    const content = (JSON.parse(params.TemplateParam!) as { content: string }).content;
    expect(content).toContain(o.orderNo);
    expect(content).toContain("¥19.99");
    expect(content).toContain("无需重复支付");
    expect(content.endsWith("回T退订")).toBe(true);
    expect(content).toContain("138****"); // masked name, never the phone
    const [p] = push.delivered();
    expect(p!.verified).toBe(true);
    expect(p!.payload).toMatchObject({ userId: "u-push-1", orderNo: o.orderNo, situation: "paid_not_updated", kind: "initial" });
    const ds = await deliveriesOf(o.orderNo);
    expect(ds.map((d) => d.status)).toEqual(["sent", "sent"]);
    expect(ds.find((d) => d.channel === "sms")!.targetMasked).toBe(`${o.userPhone!.slice(0, 3)}****${o.userPhone!.slice(-4)}`);
    expect((await noticesOf(o.orderNo))[0]!.status).toBe("sent");
  });

  it("a push with a wrong secret is refused by the receiver (401) and logged as a final failure", async () => {
    process.env.USER_PUSH_WEBHOOK_SECRET = "not-the-receivers-secret-000";
    resetEnvCache();
    try {
      const o = await paid(15);
      await runNoticeDetection(db(), NOW);
      await work();
      expect(push.requests.some((r) => !r.verified && r.status === 401)).toBe(true);
      const pushRow = (await deliveriesOf(o.orderNo)).find((d) => d.channel === "push")!;
      expect(pushRow).toMatchObject({ status: "failed", lastErrorCode: "http_401" });
    } finally {
      process.env.USER_PUSH_WEBHOOK_SECRET = push.env.USER_PUSH_WEBHOOK_SECRET;
      resetEnvCache();
    }
  });

  it("retries a push the receiver could not take, with the job runner's backoff", async () => {
    push.failNext(1, 503);
    const o = await paid(15);
    await runNoticeDetection(db(), NOW);
    await work();
    // The retry waits for its backoff: move its run time to now instead of sleeping.
    await db().update(jobs).set({ runAt: new Date(Date.now() - 1000) }).where(and(eq(jobs.type, "user-notices.deliver"), eq(jobs.status, "pending")));
    await work();
    const row = (await deliveriesOf(o.orderNo)).find((d) => d.channel === "push")!;
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    expect(push.delivered()).toHaveLength(1);
  });
});

describe("an SMS whose worker died mid-send", () => {
  it("is not sent again (the first request may have reached the phone); the push still goes", async () => {
    const o = await paid(15);
    await runNoticeDetection(db(), NOW);
    const smsRow = (await deliveriesOf(o.orderNo)).find((d) => d.channel === "sms")!;
    // What a claimed, never-recorded attempt leaves behind.
    await db().update(userNoticeDeliveries).set({ attempts: 1 }).where(eq(userNoticeDeliveries.id, smsRow.id));
    await work();
    expect(sms.delivered("aliyun")).toHaveLength(0);
    expect((await deliveriesOf(o.orderNo)).find((d) => d.channel === "sms")).toMatchObject({ status: "failed", uncertain: true, lastErrorCode: "uncertain" });
    expect(push.delivered()).toHaveLength(1);
  });
});

describe("quiet hours, opt-out, rate limit, follow-up", () => {
  it("defers a non-urgent notice to the end of quiet hours (business time zone), then sends it; a duplicate charge goes at once", async () => {
    const night = new Date(Date.UTC(2026, 0, 10, 15, 30)); // 23:30 in Shanghai
    expect(quietHoursRelease(night, "21:00", "09:00", "Asia/Shanghai").toISOString()).toBe("2026-01-11T01:00:00.000Z");
    const o = await order({ status: "PAID", paidAt: new Date(night.getTime() - 15 * MIN), paidVia: "notify" });
    const twice = await order({ status: "FULFILLED", paidAt: night, fulfilledAt: night });
    await db().insert(discrepancies).values({ type: "duplicate_payment", risk: "high", provider: "alipay", orderNo: twice.orderNo, providerTransactionId: "dq", ourFacts: {}, providerFacts: {}, detectedAt: night });
    await runNoticeDetection(db(), night);
    const [deferred] = await noticesOf(o.orderNo);
    expect(deferred).toMatchObject({ status: "deferred" });
    expect(deferred!.dueAt.toISOString()).toBe("2026-01-11T01:00:00.000Z");
    const [urgent] = await noticesOf(twice.orderNo);
    expect(urgent).toMatchObject({ status: "queued" });
    expect(urgent!.dueAt.getTime()).toBe(night.getTime());
    const deliveryJobs = await db().select().from(jobs).where(eq(jobs.type, "user-notices.deliver"));
    const deferredJobs = deliveryJobs.filter((j) => j.orderNo === o.orderNo);
    expect(deferredJobs.map((j) => j.runAt.toISOString())).toEqual(["2026-01-11T01:00:00.000Z", "2026-01-11T01:00:00.000Z"]);
    // The morning comes (the runner runs jobs at their run_at): sent.
    await work();
    expect((await noticesOf(o.orderNo))[0]!.status).toBe("sent");
  });

  it("honours an opt-out by user id or by phone, also when it comes while the notice waits", async () => {
    const byId = await paid(15);
    const byPhone = await paid(15);
    await addOptOut(db(), { userId: byId.userId }, ops);
    await addOptOut(db(), { phone: `+86 ${byPhone.userPhone}` }, ops);
    await runNoticeDetection(db(), NOW);
    expect((await noticesOf(byId.orderNo))[0]).toMatchObject({ status: "skipped", skipReason: "opted_out" });
    expect((await noticesOf(byPhone.orderNo))[0]).toMatchObject({ status: "skipped", skipReason: "opted_out" });
    const late = await paid(15);
    await runNoticeDetection(db(), NOW);
    await addOptOut(db(), { userId: late.userId }, ops);
    await work();
    expect(sms.delivered("aliyun")).toHaveLength(0);
    expect(push.delivered()).toHaveLength(0);
    expect((await noticesOf(late.orderNo))[0]).toMatchObject({ status: "skipped", skipReason: "opted_out" });
    expect(await db().select().from(auditLogs).where(eq(auditLogs.action, "user_notice.opt_out"))).toHaveLength(3);
  });

  it("sends a user at most ratePerDay initial notices in 24 hours", async () => {
    await db().insert(userNoticeSettings).values({ id: 1, ratePerDay: 2 });
    const os = [];
    for (let i = 0; i < 3; i++) os.push(await paid(15 + i, { userId: "same-user" }));
    await runNoticeDetection(db(), NOW);
    const statuses = (await db().select().from(userNotices).where(eq(userNotices.userId, "same-user"))).map((n) => n.status).sort();
    expect(statuses).toEqual(["queued", "queued", "skipped"]);
    expect((await db().select().from(userNotices).where(eq(userNotices.status, "skipped")))[0]!.skipReason).toBe("rate_limited");
  });

  it("follows up once when a noticed order is fulfilled", async () => {
    const o = await paid(15);
    await runNoticeDetection(db(), NOW);
    await work();
    await db().update(orders).set({ status: "FULFILLED", fulfilledAt: NOW }).where(eq(orders.orderNo, o.orderNo));
    await runNoticeDetection(db(), NOW);
    await runNoticeDetection(db(), NOW);
    await work();
    const ns = await noticesOf(o.orderNo);
    expect(ns.map((n) => `${n.kind}:${n.status}`).sort()).toEqual(["follow_up:sent", "initial:sent"]);
    const texts = sms.delivered("aliyun").map((r) => (JSON.parse(new URLSearchParams(r.body).get("TemplateParam")!) as { content: string }).content);
    expect(texts[1]).toContain("已为您完成订单");
  });
});

describe("templates, test send and bulk from an incident", () => {
  it("an edited template is what goes out; unknown variables are refused; a test send is logged and audited", async () => {
    await saveTemplate(db(), { templateKey: "paid_not_updated", channel: "sms", locale: "zh-CN", body: "测试 {orderNo} {amount}" }, ops);
    await expect(saveTemplate(db(), { templateKey: "paid_not_updated", channel: "sms", locale: "zh-CN", body: "{nope}" }, ops)).rejects.toThrow(/unknown variables/);
    const o = await paid(15);
    await runNoticeDetection(db(), NOW);
    const smsRow = (await deliveriesOf(o.orderNo)).find((d) => d.channel === "sms")!;
    expect(smsRow.text).toBe(`测试 ${o.orderNo} ¥19.99`);
    const r = await sendTestNotice(db(), { templateKey: "duplicate_charge", channel: "push", locale: "en", target: "tester-1", body: "Test {orderNo}" }, ops);
    expect(r.status).toBe("sent");
    expect(push.delivered().at(-1)!.payload).toMatchObject({ userId: "tester-1", body: "Test ORD20261126000123", kind: "test" });
    expect(await db().select().from(auditLogs).where(eq(auditLogs.action, "user_notice.send_test"))).toHaveLength(1);
  });

  it("the preview's count per situation is what the bulk send creates, and the timeline says so", async () => {
    const [inc] = await db().insert(incidents).values({ title: "outage", severity: "critical", provider: "alipay", onsetAt: ago(60), openedBy: "system" }).returning();
    const waiting = await order({ createdAt: ago(20) });
    const viaQuery = await order({ status: "PAID", paidAt: ago(3), paidVia: "query", createdAt: ago(20) });
    const dup = await order({ status: "PAID", paidAt: ago(3), paidVia: "query", createdAt: ago(20) });
    await discrepancy(dup.orderNo, "duplicate_payment");
    await order({ status: "PAID", paidAt: ago(19), paidVia: "notify", createdAt: ago(20) }); // callback came: not affected
    await order({ createdAt: ago(90) }); // before the onset
    await order({ provider: "wechatpay", createdAt: ago(20) }); // other provider
    const plan = await planIncidentNotices(db(), inc!.id, NOW);
    expect(plan.counts).toEqual({ payment_delayed: 1, paid_not_updated: 1, duplicate_charge: 1 });
    expect(plan.previews.map((p) => p.situation).sort()).toEqual(["duplicate_charge", "paid_not_updated", "payment_delayed"]);
    expect(plan.previews.find((p) => p.situation === "payment_delayed")!.text).toContain(waiting.orderNo);
    const r = await notifyIncidentUsers(db(), inc!.id, ops, NOW);
    expect(r.created).toBe(plan.total);
    const sent = await db().select().from(userNotices).where(eq(userNotices.incidentId, inc!.id));
    expect(sent.map((n) => `${n.orderNo}:${n.situation}`).sort()).toEqual([`${waiting.orderNo}:payment_delayed`, `${viaQuery.orderNo}:paid_not_updated`, `${dup.orderNo}:duplicate_charge`].sort());
    const events = await db().select().from(incidentEvents).where(and(eq(incidentEvents.incidentId, inc!.id), eq(incidentEvents.kind, "user_notices")));
    expect(events.map((e) => e.data).sort((a, b) => String(a.situation).localeCompare(String(b.situation)))).toEqual([
      { count: 1, situation: "duplicate_charge", channel: "sms+push" },
      { count: 1, situation: "paid_not_updated", channel: "sms+push" },
      { count: 1, situation: "payment_delayed", channel: "sms+push" },
    ]);
    // Again: nobody is told twice, and the preview now says so.
    expect((await notifyIncidentUsers(db(), inc!.id, ops, NOW)).created).toBe(0);
    expect((await planIncidentNotices(db(), inc!.id, NOW)).alreadyNotified).toBe(3);
  });
});

describe("configuration", () => {
  it("refuses a push webhook URL without its secret, naming the variable and never the value", async () => {
    const { getEnv } = await import("@/server/env");
    delete process.env.USER_PUSH_WEBHOOK_SECRET;
    resetEnvCache();
    try {
      expect(() => getEnv()).toThrow(/USER_PUSH_WEBHOOK_SECRET: is required when USER_PUSH_WEBHOOK_URL is set/);
    } finally {
      process.env.USER_PUSH_WEBHOOK_SECRET = push.env.USER_PUSH_WEBHOOK_SECRET;
      resetEnvCache();
    }
  });
});
