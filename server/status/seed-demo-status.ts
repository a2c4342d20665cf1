import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidents, statusNotices, users } from "@/db/schema";
import { systemActor, type Actor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { businessDay, dayStart } from "./business-days";
import { postNoticeUpdate } from "./post-notice-update";
import { insertNotice, publishNotice } from "./publish-notice";
import { fillTemplate, statusTemplate } from "./status-templates";

const MIN = 60_000;
const SOME = { "zh-CN": "部分", en: "Some" };

async function opsActor(db: Db): Promise<Actor> {
  const [ops] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, "ops@payops.local"));
  return ops ? { id: ops.id, label: ops.email, role: "ops" } : systemActor("demo-seed");
}

/**
 * The status page's demo and e2e data, after seedDemoAlerts: the past outage's notice with its whole
 * timeline (investigating → identified → monitoring → resolved), the live outage's automatic "busy" notice on
 * its incident, and tomorrow night's card maintenance. Idempotent: does nothing once a notice exists.
 */
export async function seedDemoStatus(db: Db, opts: { now?: Date } = {}): Promise<{ skipped: boolean }> {
  const now = opts.now ?? new Date();
  if ((await db.select({ id: statusNotices.id }).from(statusNotices).limit(1)).length > 0) return { skipped: true };
  const actor = await opsActor(db);
  const busy = statusTemplate("busy");
  const recovery = statusTemplate("recovery");

  const [past] = await db.select().from(incidents).where(eq(incidents.status, "resolved")).orderBy(desc(incidents.openedAt)).limit(1);
  if (past?.resolvedAt) {
    const t0 = past.openedAt.getTime();
    const { id } = await publishNotice(
      db,
      { incidentId: past.id, kind: "incident", severity: "warning", status: "investigating", title: busy.title, body: fillTemplate(busy.body, { provider: SOME, eta: { "zh-CN": "30分钟", en: "30 minutes" } }), components: [{ key: "orders", state: "degraded_performance" }], templateKey: "busy" },
      actor,
      { now: new Date(t0 + 4 * MIN) },
    );
    await postNoticeUpdate(
      db,
      { id, status: "identified", body: { "zh-CN": "已找到原因：支付渠道的通知暂时没有送达。您的付款是成功的，订单会在恢复后自动更新，请不要重复付款。", en: "We found the cause: the payment provider's confirmations are not reaching us for now. Your payment went through and your order will update by itself — please don't pay again." }, components: [{ key: "orders", state: "partial_outage" }] },
      actor,
      { now: new Date(t0 + 12 * MIN) },
    );
    await postNoticeUpdate(
      db,
      { id, status: "monitoring", body: { "zh-CN": "通知已恢复，我们正在补齐期间的订单，并持续观察。", en: "Confirmations are flowing again. We're catching up on the orders from the past half hour and keeping an eye on it." }, components: [{ key: "orders", state: "degraded_performance" }] },
      actor,
      { now: new Date(t0 + 24 * MIN) },
    );
    await postNoticeUpdate(db, { id, status: "resolved", body: fillTemplate(recovery.body, { provider: SOME, eta: { "zh-CN": "", en: "" } }) }, actor, { now: past.resolvedAt });
  }

  const [live] = await db.select().from(incidents).where(eq(incidents.status, "open")).limit(1);
  if (live) {
    await db.transaction((tx) =>
      insertNotice(
        tx,
        { incidentId: live.id, kind: "incident", severity: busy.severity, status: "investigating", title: busy.title, body: fillTemplate(busy.body, { provider: SOME, eta: { "zh-CN": "30分钟", en: "30 minutes" } }), components: [{ key: "orders", state: "degraded_performance" }], templateKey: "busy" },
        systemActor("status-auto-publish"),
        { automatic: true, now: new Date(Math.max(live.openedAt.getTime(), now.getTime() - 5 * MIN)) },
      ),
    );
  }

  // Tomorrow 02:00–04:00 business time.
  const zone = getEnv().BUSINESS_TIMEZONE;
  const tomorrow = dayStart(businessDay(new Date(now.getTime() + 24 * 60 * MIN), zone), zone);
  const maintenance = statusTemplate("maintenance");
  await publishNotice(
    db,
    {
      kind: "maintenance",
      severity: "info",
      status: "scheduled",
      title: maintenance.title,
      body: fillTemplate(maintenance.body, { provider: { "zh-CN": "银行卡", en: "card" }, eta: { "zh-CN": "明天凌晨 2:00–4:00", en: "2:00–4:00 tomorrow night" } }),
      components: [{ key: "card", state: "under_maintenance" }],
      scheduledFor: new Date(tomorrow.getTime() + 120 * MIN),
      scheduledUntil: new Date(tomorrow.getTime() + 240 * MIN),
      templateKey: "maintenance",
    },
    actor,
    { now: new Date(now.getTime() - 60 * MIN) },
  );
  return { skipped: false };
}
