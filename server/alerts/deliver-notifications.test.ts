import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { alertContacts, alertDeliveries, alertNotifications, alertRoutes, alerts, briefConfirmations, briefs, briefVersions, incidentAlerts, incidents, incidentReviews, reviewActionItems } from "@/db/schema";
import type { AlertNotificationEvent, AlertSeverity } from "@/lib/alerts";
import { getEnv } from "@/server/env";
import { useTestDb } from "@/test/db";
import { overrideEnv } from "@/test/override-env";
import { decodeHeader, parseMail, startFakeChannels, type FakeChannels } from "@/test/fake-channels";
import { channelsFromEnv } from "./channels/config";
import { deliverNotifications } from "./deliver-notifications";
import { seedDefaultRoutes } from "./deliver-routes";

const db = useTestDb();
let fake: FakeChannels;
let restoreEnv = () => {};

beforeAll(async () => {
  fake = await startFakeChannels();
  restoreEnv = overrideEnv(fake.env);
  await seedDefaultRoutes(db());
  await db().insert(alertContacts).values([
    { name: "值班运维 A", role: "ops", locale: "zh-CN", phone: "13800000001", email: "ops-a@example.com", escalationOrder: 1 },
    { name: "Tech Lead", role: "tech_lead", locale: "en", phone: null, email: "lead@example.com", escalationOrder: 1 },
    { name: "运维主管 B", role: "ops", locale: "zh-CN", phone: "13800000002", email: "ops-b@example.com", escalationOrder: 2 },
    { name: "客服 C", role: "cs", locale: "zh-CN", phone: "13800000003", email: "cs@example.com", escalationOrder: 1 },
    { name: "Disabled", role: "ops", locale: "en", phone: "13800000004", email: "off@example.com", escalationOrder: 1, enabled: false },
  ]);
});
afterAll(async () => {
  restoreEnv();
  await fake.close();
});
afterEach(async () => {
  await db().delete(incidentAlerts);
  for (const t of [reviewActionItems, incidentReviews, briefConfirmations, briefVersions, briefs, incidents]) await db().delete(t);
  await db().delete(alertDeliveries);
  await db().delete(alertNotifications);
  await db().delete(alerts);
  fake.reset();
});

let seq = 0;
async function firingAlert(severity: AlertSeverity, now: Date) {
  const onset = new Date(now.getTime() - 10 * 60_000);
  const [a] = await db()
    .insert(alerts)
    .values({
      ruleKey: "success-rate-drop", metric: "success_rate", provider: "alipay", severity, status: "firing", fingerprint: `t-${++seq}|alipay`,
      onsetAt: onset, firedAt: new Date(onset.getTime() + 3 * 60_000), lastEvaluatedMinute: now,
      lastValue: { value: 0.62, volume: 180, baseline: { value: 0.97 } },
      impact: { orders: 42, users: 40, amountMinor: 123456, currency: "CNY", minutes: 10, perMinute: { orders: 4.2, users: 4, amountMinor: 12346 } },
      actionKeys: ["checkProviderStatus", "queryPendingOrders"],
    })
    .returning();
  return a!;
}
async function ready(alertId: number, event: AlertNotificationEvent, now: Date, n = 1) {
  const [row] = await db().insert(alertNotifications).values({ alertId, event, dedupeKey: `${alertId}:${event}:${n}`, status: "ready", notBefore: now, payload: {} }).returning();
  return row!;
}
const deliveriesOf = (alertId: number) => db().select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alertId));
const plan = (rows: { channel: string; target: string }[]) => rows.map((d) => `${d.channel}:${d.target}`).sort();
const mentions = (alertId: number) => (r: { body: string }) => r.body.includes(`/alerts/${alertId}`);

describe("delivery worker", () => {
  it("routes a critical alert to the first tier of ops and tech lead on every channel, each in their language, and completes the notification", async () => {
    const now = new Date();
    const alert = await firingAlert("critical", now);
    const n = await ready(alert.id, "firing", now);
    const run = await deliverNotifications(db(), { now });
    expect(run).toMatchObject({ fannedOut: 1, sent: 5, failed: 0, completed: 1 });
    const rows = await deliveriesOf(alert.id);
    // Not the cs contact (no route for cs), not tier 2, not the disabled contact; no SMS for a contact without a phone.
    expect(plan(rows)).toEqual(["dingtalk:group", "email:lead@example.com", "email:ops-a@example.com", "sms:13800000001", "wecom:group"]);
    expect(rows.every((d) => d.status === "sent" && d.attempts === 1 && d.idempotencyKey === `${n.id}:${d.channel}:${d.target}`)).toBe(true);
    const [notification] = await db().select().from(alertNotifications).where(eq(alertNotifications.id, n.id));
    expect(notification).toMatchObject({ status: "sent" });

    // The messages: Chinese for the group chats and the Chinese contact, English for the tech lead.
    const ding = JSON.parse(fake.requests.find((r) => r.channel === "dingtalk")!.body) as { markdown: { title: string; text: string } };
    expect(ding.markdown.title).toBe("【告警】严重 · 支付成功率下降 · 支付宝");
    expect(ding.markdown.text).toContain("62%");
    expect(ding.markdown.text).toContain("97%");
    expect(ding.markdown.text).toContain("42 笔订单 · 40 位用户 · ¥1,234.56");
    expect(ding.markdown.text).toContain("(Asia/Shanghai)");
    expect(ding.markdown.text).toContain("查看支付机构的状态页");
    expect(ding.markdown.text).toMatch(/\[一键确认\]\(http:\/\/127\.0\.0\.1:3999\/ack\/[\w-]+\.[\w-]+\)/);
    expect(ding.markdown.text).toContain(`(http://127.0.0.1:3999/alerts/${alert.id})`);
    const lead = fake.mails.find((m) => m.to[0] === "lead@example.com")!;
    const leadMail = parseMail(lead.raw);
    expect(decodeHeader(leadMail.headers.subject!)).toBe("[Alert] Critical · Payment success rate dropping · Alipay");
    expect(leadMail.text).toContain("Impact so far: 42 orders · 40 users · CN¥1,234.56");
    expect(leadMail.text).toContain("Check the provider's status page");
    expect(leadMail.html).toContain("<h2>[Alert] Critical · Payment success rate dropping · Alipay</h2>");
    const sms = Object.fromEntries(new URLSearchParams(fake.requests.find((r) => r.channel === "aliyun")!.body));
    expect(sms.PhoneNumbers).toBe("13800000001");
    expect(JSON.parse(sms.TemplateParam!)).toMatchObject({ link: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3999\/ack\//) });
  });

  it("sends no SMS for a warning, and an escalation goes to the next tier (not the first)", async () => {
    const now = new Date();
    const warning = await firingAlert("warning", now);
    await ready(warning.id, "firing", now);
    const critical = await firingAlert("critical", now);
    await ready(critical.id, "escalation", now);
    await deliverNotifications(db(), { now });
    expect(plan(await deliveriesOf(warning.id))).toEqual(["dingtalk:group", "email:lead@example.com", "email:ops-a@example.com", "wecom:group"]);
    expect(plan(await deliveriesOf(critical.id))).toEqual(["dingtalk:group", "email:ops-b@example.com", "sms:13800000002", "wecom:group"]);
    const esc = parseMail(fake.mails.find((m) => m.to[0] === "ops-b@example.com")!.raw);
    expect(decodeHeader(esc.headers.subject!)).toMatch(/^【升级】/);
    expect(esc.text).toMatch(/告警发出 \d+ 分钟仍无人确认/);
  });

  it("retries with backoff (30 s, then 2 min…), completing the notification only when every delivery has ended", async () => {
    const now = new Date();
    const alert = await firingAlert("warning", now);
    const n = await ready(alert.id, "firing", now);
    fake.failNext("wecom", 2, "http500");
    await deliverNotifications(db(), { now });
    const wecom = async () => (await deliveriesOf(alert.id)).find((d) => d.channel === "wecom")!;
    expect(await wecom()).toMatchObject({ status: "retrying", attempts: 1, nextAttemptAt: new Date(now.getTime() + 30_000), lastError: expect.stringContaining("HTTP 500") });
    expect((await db().select().from(alertNotifications).where(eq(alertNotifications.id, n.id)))[0]!.status).toBe("ready");
    // Not due yet: nothing is sent.
    await deliverNotifications(db(), { now: new Date(now.getTime() + 20_000) });
    expect(fake.requests.filter((r) => r.channel === "wecom")).toHaveLength(1);
    const second = new Date(now.getTime() + 31_000);
    await deliverNotifications(db(), { now: second });
    expect(await wecom()).toMatchObject({ status: "retrying", attempts: 2, nextAttemptAt: new Date(second.getTime() + 120_000) });
    const third = new Date(second.getTime() + 121_000);
    const run = await deliverNotifications(db(), { now: third });
    expect(await wecom()).toMatchObject({ status: "sent", attempts: 3, sentAt: third });
    expect(run.completed).toBe(1);
    expect((await db().select().from(alertNotifications).where(eq(alertNotifications.id, n.id)))[0]!.status).toBe("sent");
    expect(fake.requests.filter((r) => r.channel === "wecom")).toHaveLength(3);
  });

  it("gives up after the last retry (failed), and a notification nobody got is failed", async () => {
    const now = new Date();
    const alert = await firingAlert("warning", now);
    const n = await ready(alert.id, "firing", now);
    const channels = channelsFromEnv(getEnv());
    // Only the robot configured-but-broken: e-mail unconfigured fails at once with the reason.
    const broken = { ...channels, dingtalk: { webhookUrl: "http://127.0.0.1:59999/robot/send?access_token=x" }, wecom: { webhookUrl: "http://127.0.0.1:59999/cgi-bin/webhook/send?key=x" }, email: { missing: "ALERT_SMTP_URL" } };
    let t = now.getTime();
    for (const wait of [0, 30_000, 120_000, 600_000]) {
      t += wait + 1;
      await deliverNotifications(db(), { now: new Date(t), channels: broken });
    }
    const rows = await deliveriesOf(alert.id);
    expect(rows.find((d) => d.channel === "email")).toMatchObject({ status: "failed", attempts: 1, lastError: "email not configured (ALERT_SMTP_URL unset)" });
    expect(rows.find((d) => d.channel === "dingtalk")).toMatchObject({ status: "failed", attempts: 4, lastError: expect.stringContaining("ECONNREFUSED") });
    expect((await db().select().from(alertNotifications).where(eq(alertNotifications.id, n.id)))[0]!.status).toBe("failed");
  });

  it("is idempotent under re-runs: no second delivery row, no second send", async () => {
    const now = new Date();
    const alert = await firingAlert("critical", now);
    await ready(alert.id, "firing", now);
    await deliverNotifications(db(), { now });
    const before = fake.requests.length + fake.mails.length;
    // The notification back to "ready" (as if a worker died before completing it): the fan-out adds nothing.
    await db().update(alertNotifications).set({ status: "ready" }).where(eq(alertNotifications.alertId, alert.id));
    await deliverNotifications(db(), { now: new Date(now.getTime() + 1000) });
    await deliverNotifications(db(), { now: new Date(now.getTime() + 3600_000) });
    expect(await deliveriesOf(alert.id)).toHaveLength(5);
    expect(fake.requests.length + fake.mails.length).toBe(before);
  });

  it("links the incident when the alert belongs to one", async () => {
    const now = new Date();
    const alert = await firingAlert("warning", now);
    const [incident] = await db().insert(incidents).values({ title: "支付宝成功率下降", severity: "warning", provider: "alipay", onsetAt: alert.onsetAt, openedBy: "ops@payops.local" }).returning();
    await db().insert(incidentAlerts).values({ alertId: alert.id, incidentId: incident!.id });
    await ready(alert.id, "repeat", now);
    await deliverNotifications(db(), { now });
    const ding = JSON.parse(fake.requests.find((r) => r.channel === "dingtalk")!.body) as { markdown: { title: string; text: string } };
    expect(ding.markdown.title).toBe("【仍未确认】警告 · 支付成功率下降 · 支付宝");
    expect(ding.markdown.text).toContain(`[事件 #${incident!.id}](http://127.0.0.1:3999/incidents/${incident!.id})`);
    const lead = parseMail(fake.mails.find((m) => m.to[0] === "lead@example.com")!.raw);
    expect(lead.text).toContain(`Incident #${incident!.id}: http://127.0.0.1:3999/incidents/${incident!.id}`);
  });

  it("two workers at once (PostgreSQL: two connections) send each delivery exactly once", async () => {
    const now = new Date();
    const alert = await firingAlert("critical", now);
    await ready(alert.id, "firing", now);
    const runs = await Promise.all([deliverNotifications(db(), { now }), deliverNotifications(db(), { now }), deliverNotifications(db(), { now })]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(5);
    expect(await deliveriesOf(alert.id)).toHaveLength(5);
    const forAlert = fake.requests.filter(mentions(alert.id));
    expect(forAlert.filter((r) => r.channel === "dingtalk")).toHaveLength(1);
    expect(forAlert.filter((r) => r.channel === "wecom")).toHaveLength(1);
    expect(fake.requests.filter((r) => r.channel === "aliyun")).toHaveLength(1);
    expect(fake.mails).toHaveLength(2);
  });

  it("never resends an SMS whose answer was lost (or whose worker died mid-send): recorded as failed, outcome unknown", async () => {
    const now = new Date();
    const alert = await firingAlert("critical", now);
    await ready(alert.id, "firing", now);
    fake.failNext("aliyun", 1, "answer-lost");
    await deliverNotifications(db(), { now });
    const sms = (await deliveriesOf(alert.id)).find((d) => d.channel === "sms")!;
    expect(sms).toMatchObject({ status: "failed", uncertain: true, lastError: expect.stringContaining("not resent") });
    await deliverNotifications(db(), { now: new Date(now.getTime() + 3600_000) });
    expect(fake.requests.filter((r) => r.channel === "aliyun")).toHaveLength(1);

    // A delivery claimed by a worker that then died (still "pending" after its lease): not sent again.
    const other = await firingAlert("critical", now);
    const n2 = await ready(other.id, "escalation", now);
    await db().insert(alertDeliveries).values({ notificationId: n2.id, alertId: other.id, event: "escalation", channel: "sms", target: "13800000002", idempotencyKey: `${n2.id}:sms:13800000002`, status: "pending", attempts: 1, nextAttemptAt: new Date(now.getTime() - 1000) });
    fake.reset();
    await deliverNotifications(db(), { now });
    expect((await deliveriesOf(other.id)).find((d) => d.channel === "sms")).toMatchObject({ status: "failed", uncertain: true, lastError: expect.stringContaining("worker stopped mid-send") });
    expect(fake.requests.filter((r) => r.channel === "aliyun")).toHaveLength(0);
  });

  it("keeps a DingTalk robot within 20 messages a minute: groups what is due into one message, waits when the minute is full", async () => {
    const now = new Date();
    const routes = await db().select().from(alertRoutes);
    await db().delete(alertRoutes);
    try {
      await db().insert(alertRoutes).values({ name: "robot only", severities: [], metrics: [], roles: ["ops"], channels: ["dingtalk"] });
      // 19 requests already made in the last minute: room for one.
      await db().insert(alertDeliveries).values(
        Array.from({ length: 19 }, (_, i) => ({ event: "firing" as const, channel: "dingtalk" as const, target: "group", idempotencyKey: `earlier-${i}`, status: "sent" as const, attempts: 1, lastAttemptAt: new Date(now.getTime() - 50_000 + i * 1000), sentAt: new Date(now.getTime() - 50_000 + i * 1000) })),
      );
      const made = [];
      for (let i = 0; i < 5; i++) {
        const a = await firingAlert("warning", now);
        await ready(a.id, "firing", now);
        made.push(a);
      }
      await deliverNotifications(db(), { now });
      const dingtalk = () => fake.requests.filter((r) => r.channel === "dingtalk");
      expect(dingtalk()).toHaveLength(1);
      const grouped = JSON.parse(dingtalk()[0]!.body) as { markdown: { title: string; text: string } };
      expect(grouped.markdown.title).toBe("【合并通知】5 条告警通知（钉钉机器人每分钟限 20 条，已合并发送）");
      for (const a of made) expect(mentions(a.id)({ body: grouped.markdown.text })).toBe(true);
      const rows = await db().select().from(alertDeliveries).where(inArray(alertDeliveries.alertId, made.map((a) => a.id)));
      expect(rows.every((d) => d.status === "sent")).toBe(true);
      expect(rows.filter((d) => d.groupedInto === null)).toHaveLength(1);

      // The minute is now full: the next one waits until the oldest request leaves the window.
      const late = await firingAlert("warning", now);
      await ready(late.id, "firing", now);
      await deliverNotifications(db(), { now: new Date(now.getTime() + 1000) });
      expect(dingtalk()).toHaveLength(1);
      const waiting = (await deliveriesOf(late.id))[0]!;
      expect(waiting).toMatchObject({ status: "rate_limited", nextAttemptAt: new Date(now.getTime() - 50_000 + 60_000) });
      await deliverNotifications(db(), { now: waiting.nextAttemptAt });
      expect(dingtalk()).toHaveLength(2);
      expect((await deliveriesOf(late.id))[0]).toMatchObject({ status: "sent" });
    } finally {
      await db().delete(alertRoutes);
      await db().insert(alertRoutes).values(routes.map(({ id: _id, ...r }) => r));
      await db().delete(alertDeliveries);
    }
  });
});
