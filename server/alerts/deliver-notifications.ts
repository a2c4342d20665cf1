import "server-only";
import { and, asc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertContacts, alertDeliveries, alertNotifications, alertRoutes, alertRules, alerts, incidentAlerts, type AlertContactRow, type AlertDeliveryRow, type AlertRow } from "@/db/schema";
import type { AlertChannel, AlertNotificationEvent } from "@/lib/alerts";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locale";
import { getEnv, type Env } from "@/server/env";
import { log } from "@/server/lib/log";
import { channelsFromEnv, isConfigured, type Channels } from "./channels/config";
import { DINGTALK_MAX_TEXT_BYTES, DINGTALK_PER_MINUTE, sendDingtalk } from "./channels/dingtalk";
import { sendEmail } from "./channels/email";
import { truncateUtf8 } from "./channels/http";
import type { ChannelMessage, SendResult } from "./channels/types";
import { WECOM_MAX_MARKDOWN_BYTES, WECOM_PER_MINUTE, sendWecom } from "./channels/wecom";
import { ackUrl, createAckToken } from "./deliver-ack-link";
import { renderAlertMessage, renderGroupHeading } from "./deliver-message";

// The delivery worker (docs/adr/0007-alert-delivery.md). Three steps per run, each safe to run twice or in
// several workers at once:
//   1. fan-out: each "ready" notification becomes one alert_deliveries row per (channel, target) of the routes
//      it matches; the idempotency key is unique, so a re-run inserts nothing twice;
//   2. send: due deliveries are claimed (FOR UPDATE SKIP LOCKED, leased), sent, and recorded: sent, retrying
//      with backoff, rate_limited, or failed;
//   3. completion: a notification whose deliveries have all ended is marked sent (or failed if none got out).

const ROBOTS = ["dingtalk", "wecom"] as const satisfies readonly AlertChannel[];
const PER_MINUTE: Record<(typeof ROBOTS)[number], number> = { dingtalk: DINGTALK_PER_MINUTE, wecom: WECOM_PER_MINUTE };
const isRobot = (c: AlertChannel): c is (typeof ROBOTS)[number] => (ROBOTS as readonly string[]).includes(c);
/** The robot's one target: the group chat the webhook posts to. */
export const ROBOT_TARGET = "group";
/** A claimed delivery is someone's for this long; one still "pending" after it was abandoned mid-send (crash). */
const claimLease = (env: Env) => env.ALERT_DELIVERY_TIMEOUT * 2 + 60_000;
const BATCH = 50;

export interface DeliveryRunResult {
  fannedOut: number;
  sent: number;
  failed: number;
  retrying: number;
  rateLimited: number;
  completed: number;
}

export interface DeliveryTarget {
  channel: AlertChannel;
  target: string;
  contactId: number | null;
  locale: Locale;
}

type Route = typeof alertRoutes.$inferSelect;

/**
 * Who a notification goes to. Robots (group chats) get every event in the default language. People get SMS
 * and e-mail by role: the first escalation tier (lowest escalationOrder among the route's roles) for firing,
 * repeat and resolved; an escalation goes to the next tier up (the first again if there is none), and the
 * resolution then also to the tier that was escalated to. SMS only for firing and escalation: a text at
 * 3 a.m. is for "act now", the rest reaches chats and mail.
 */
export function planTargets(
  alert: Pick<AlertRow, "severity" | "metric">,
  event: AlertNotificationEvent,
  routes: readonly Route[],
  contacts: readonly AlertContactRow[],
  escalated: boolean,
): DeliveryTarget[] {
  const out = new Map<string, DeliveryTarget>();
  for (const route of routes) {
    if (!route.enabled) continue;
    if (route.severities.length > 0 && !route.severities.includes(alert.severity)) continue;
    if (route.metrics.length > 0 && !route.metrics.includes(alert.metric)) continue;
    const people = contacts.filter((c) => c.enabled && route.roles.includes(c.role));
    const tiers = [...new Set(people.map((c) => c.escalationOrder))].sort((a, b) => a - b);
    const first = tiers[0];
    const next = tiers.find((o) => first !== undefined && o > first) ?? first;
    const tier = new Set(event === "escalation" ? [next] : event === "resolved" && escalated ? [first, next] : [first]);
    const told = people.filter((c) => tier.has(c.escalationOrder));
    for (const channel of route.channels) {
      if (isRobot(channel)) {
        out.set(`${channel}:${ROBOT_TARGET}`, { channel, target: ROBOT_TARGET, contactId: null, locale: DEFAULT_LOCALE });
      } else if (channel === "sms") {
        if (event !== "firing" && event !== "escalation") continue;
        for (const c of told) if (c.phone) out.set(`sms:${c.phone}`, { channel, target: c.phone, contactId: c.id, locale: c.locale });
      } else {
        for (const c of told) if (c.email) out.set(`email:${c.email.toLowerCase()}`, { channel, target: c.email.toLowerCase(), contactId: c.id, locale: c.locale });
      }
    }
  }
  return [...out.values()];
}

export const idempotencyKeyOf = (notificationId: number, channel: AlertChannel, target: string) => `${notificationId}:${channel}:${target}`;

/** Step 1: the ready notifications that have no deliveries yet get theirs. */
async function fanOut(db: Db, now: Date): Promise<{ fannedOut: number }> {
  return db.transaction(async (tx) => {
    const ready = await tx
      .select({ n: alertNotifications, alert: alerts })
      .from(alertNotifications)
      .innerJoin(alerts, eq(alerts.id, alertNotifications.alertId))
      .where(and(eq(alertNotifications.status, "ready"), sql`not exists (select 1 from ${alertDeliveries} d where d.notification_id = ${alertNotifications.id})`))
      .orderBy(asc(alertNotifications.id))
      .limit(BATCH)
      .for("update", { of: alertNotifications, skipLocked: true });
    if (ready.length === 0) return { fannedOut: 0 };
    const routes = await tx.select().from(alertRoutes).where(eq(alertRoutes.enabled, true));
    const contacts = await tx.select().from(alertContacts).where(eq(alertContacts.enabled, true));
    let fannedOut = 0;
    for (const { n, alert } of ready) {
      const [esc] = await tx
        .select({ id: alertNotifications.id })
        .from(alertNotifications)
        .where(and(eq(alertNotifications.alertId, alert.id), eq(alertNotifications.event, "escalation"), eq(alertNotifications.status, "sent")))
        .limit(1);
      const targets = planTargets(alert, n.event, routes, contacts, Boolean(esc));
      if (targets.length === 0) {
        await tx.update(alertNotifications).set({ status: "failed", suppressedReason: "no route or contact matches" }).where(eq(alertNotifications.id, n.id));
        continue;
      }
      await tx
        .insert(alertDeliveries)
        .values(targets.map((d) => ({ notificationId: n.id, alertId: alert.id, event: n.event, channel: d.channel, target: d.target, contactId: d.contactId, locale: d.locale, idempotencyKey: idempotencyKeyOf(n.id, d.channel, d.target), nextAttemptAt: now })))
        .onConflictDoNothing();
      fannedOut++;
    }
    return { fannedOut };
  });
}

/** What a claimed send is: one delivery, or (over a robot's limit) one message carrying several. */
interface SendUnit {
  primary: AlertDeliveryRow;
  grouped: AlertDeliveryRow[];
  /** Reclaimed after a worker died mid-send: the request may have gone out. */
  abandoned: boolean;
}

/**
 * Step 2a: claim due deliveries. Robots are rationed per channel under an advisory lock: requests made in
 * the last minute (last_attempt_at) count against the per-minute limit; when more are due than fit, they go
 * out as ONE grouped message, and when none fit they wait (rate_limited) until the window frees a slot.
 */
async function claim(db: Db, now: Date, env: Env): Promise<SendUnit[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(alertDeliveries)
      .where(and(inArray(alertDeliveries.status, ["pending", "retrying", "rate_limited"]), lte(alertDeliveries.nextAttemptAt, now)))
      .orderBy(asc(alertDeliveries.nextAttemptAt), asc(alertDeliveries.id))
      .limit(BATCH)
      .for("update", { skipLocked: true });
    const leaseUntil = new Date(now.getTime() + claimLease(env));
    const units: SendUnit[] = [];
    const take = async (row: AlertDeliveryRow, groupedInto: number | null) => {
      await tx
        .update(alertDeliveries)
        .set({ status: "pending", attempts: row.attempts + 1, nextAttemptAt: leaseUntil, lastAttemptAt: groupedInto ? row.lastAttemptAt : now, groupedInto })
        .where(eq(alertDeliveries.id, row.id));
      return { ...row, attempts: row.attempts + 1 };
    };
    for (const row of due.filter((d) => !isRobot(d.channel))) {
      units.push({ primary: await take(row, null), grouped: [], abandoned: row.status === "pending" && row.attempts > 0 });
    }
    for (const channel of ROBOTS) {
      const rows = due.filter((d) => d.channel === channel);
      if (rows.length === 0) continue;
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payops:alert-robot:${channel}`}))`);
      const windowStart = new Date(now.getTime() - 60_000);
      const recent = await tx
        .select({ at: alertDeliveries.lastAttemptAt })
        .from(alertDeliveries)
        .where(and(eq(alertDeliveries.channel, channel), gt(alertDeliveries.lastAttemptAt, windowStart), isNull(alertDeliveries.groupedInto)))
        .orderBy(asc(alertDeliveries.lastAttemptAt));
      const capacity = PER_MINUTE[channel] - recent.length;
      if (capacity <= 0) {
        const freeAt = new Date((recent[0]?.at ?? now).getTime() + 60_000);
        await tx.update(alertDeliveries).set({ status: "rate_limited", nextAttemptAt: freeAt }).where(inArray(alertDeliveries.id, rows.map((r) => r.id)));
        continue;
      }
      if (rows.length <= capacity) {
        for (const row of rows) units.push({ primary: await take(row, null), grouped: [], abandoned: row.status === "pending" && row.attempts > 0 });
      } else {
        const [first, ...rest] = rows;
        const primary = await take(first!, null);
        const grouped: AlertDeliveryRow[] = [];
        for (const row of rest) grouped.push(await take(row, primary.id));
        units.push({ primary, grouped, abandoned: false });
      }
    }
    return units;
  });
}

interface Outcome {
  result: SendResult | { ok: false; error: string; uncertain: boolean; notConfigured: true };
}

async function deliveryMessage(db: Db, d: AlertDeliveryRow, now: Date): Promise<(ChannelMessage & { tail: string }) | null> {
  if (d.alertId === null || d.event === "test") return null;
  const [alert] = await db.select().from(alerts).where(eq(alerts.id, d.alertId));
  if (!alert) return null;
  const [rule] = await db.select({ kind: alertRules.kind, direction: alertRules.direction }).from(alertRules).where(eq(alertRules.key, alert.ruleKey));
  const [incident] = await db.select({ id: incidentAlerts.incidentId }).from(incidentAlerts).where(eq(incidentAlerts.alertId, alert.id)).limit(1);
  const token = createAckToken(alert.id, d.contactId ?? d.channel, now);
  return renderAlertMessage({ alert, event: d.event, rule: rule ?? null, locale: d.locale, ackLink: ackUrl(token), incidentId: incident?.id ?? null, now });
}

/** Sends one message on one channel to one target (the robot's group, a phone, an address). */
export async function sendOn(channels: Channels, channel: AlertChannel, target: string, message: ChannelMessage & { tail: string }, idempotencyKey: string, env: Env, now: Date): Promise<Outcome> {
  const timeout = env.ALERT_DELIVERY_TIMEOUT;
  const c = channels[channel];
  if (!isConfigured(c)) return { result: { ok: false, error: `${channel} not configured (${c.missing} unset)`, uncertain: false, notConfigured: true } };
  switch (channel) {
    case "dingtalk":
      return { result: await sendDingtalk(channels.dingtalk as Exclude<Channels["dingtalk"], { missing: string }>, message, timeout, now.getTime()) };
    case "wecom":
      return { result: await sendWecom(channels.wecom as Exclude<Channels["wecom"], { missing: string }>, { markdown: message.markdown, tail: message.tail }, timeout) };
    case "sms":
      return {
        result: await (channels.sms as Exclude<Channels["sms"], { missing: string }>).send({ phone: target, params: Object.entries(message.sms.params), idempotencyKey }, timeout, now),
      };
    case "email":
      return {
        result: await sendEmail(channels.email as Exclude<Channels["email"], { missing: string }>, { to: target, subject: message.title, text: message.text, html: message.html, idempotencyKey }, timeout),
      };
  }
}

async function sendUnit(db: Db, unit: SendUnit, channels: Channels, env: Env, now: Date): Promise<Outcome> {
  const d = unit.primary;
  if (unit.abandoned && d.channel === "sms") {
    // A worker claimed it and never recorded the answer: the SMS may have gone out. Not resent (ADR 0007).
    return { result: { ok: false, error: "sms outcome unknown (worker stopped mid-send); not resent to avoid a duplicate", uncertain: true } };
  }
  const message = await deliveryMessage(db, d, now);
  if (!message) return { result: { ok: false, error: "alert no longer exists", uncertain: false } };
  if (unit.grouped.length === 0) return sendOn(channels, d.channel, d.target, message, d.idempotencyKey, env, now);
  const parts = [message.markdown];
  for (const g of unit.grouped) {
    const m = await deliveryMessage(db, g, now);
    if (m) parts.push(m.markdown);
  }
  const heading = await renderGroupHeading(d.locale, parts.length);
  const limit = d.channel === "wecom" ? WECOM_MAX_MARKDOWN_BYTES : DINGTALK_MAX_TEXT_BYTES;
  const markdown = truncateUtf8([`#### ${heading}`, ...parts].join("\n\n---\n\n"), limit, message.tail);
  return sendOn(channels, d.channel, d.target, { ...message, title: heading, markdown }, d.idempotencyKey, env, now);
}

/** Step 2b: what an attempt came to, for the delivery and any it carried. */
async function record(db: Db, unit: SendUnit, outcome: Outcome, env: Env, now: Date): Promise<"sent" | "failed" | "retrying" | "rate_limited"> {
  const d = unit.primary;
  const ids = [d.id, ...unit.grouped.map((g) => g.id)];
  const r = outcome.result;
  if (r.ok) {
    await db.update(alertDeliveries).set({ status: "sent", sentAt: now, providerMessageId: r.providerMessageId, lastError: null, nextAttemptAt: now }).where(inArray(alertDeliveries.id, ids));
    return "sent";
  }
  const schedule = env.ALERT_DELIVERY_RETRY_SCHEDULE;
  const notConfigured = "notConfigured" in r;
  let status: "failed" | "retrying" | "rate_limited";
  let error = r.error;
  let nextAttemptAt = now;
  if (notConfigured) status = "failed";
  else if (r.uncertain && d.channel === "sms") {
    // SendSms is not idempotent (Aliyun says so): a request that may have arrived is never repeated blindly.
    status = "failed";
    error = `${r.error}; outcome unknown, not resent to avoid a duplicate SMS`;
  } else if (d.attempts > schedule.length) status = "failed";
  else {
    status = "rateLimited" in r && r.rateLimited ? "rate_limited" : "retrying";
    nextAttemptAt = new Date(now.getTime() + (status === "rate_limited" ? Math.max(60_000, schedule[d.attempts - 1]!) : schedule[d.attempts - 1]!));
  }
  await db
    .update(alertDeliveries)
    .set({ status, lastError: error.slice(0, 500), nextAttemptAt, uncertain: !r.ok && r.uncertain, groupedInto: null })
    .where(inArray(alertDeliveries.id, ids));
  if (status === "failed") log.warn("alert delivery failed", { deliveryId: d.id, channel: d.channel, error: error.slice(0, 200) });
  return status;
}

/** Step 3: notifications whose deliveries all ended. */
async function complete(db: Db, now: Date): Promise<number> {
  const done = await db.execute(sql`
    update ${alertNotifications} n
    set status = case when exists (select 1 from ${alertDeliveries} d where d.notification_id = n.id and d.status = 'sent') then 'sent' else 'failed' end,
        sent_at = ${now.toISOString()}::timestamptz, updated_at = now()
    where n.status = 'ready'
      and exists (select 1 from ${alertDeliveries} d where d.notification_id = n.id)
      and not exists (select 1 from ${alertDeliveries} d where d.notification_id = n.id and d.status in ('pending', 'retrying', 'rate_limited'))
    returning n.id`);
  return (done as { rows?: unknown[] }).rows?.length ?? 0;
}

/** One run of the delivery worker; the job calls it every DELIVER_SCHEDULE, tests call it with their clock. */
export async function deliverNotifications(db: Db, opts: { now?: Date; channels?: Channels } = {}): Promise<DeliveryRunResult> {
  const env = getEnv();
  const now = opts.now ?? new Date();
  const channels = opts.channels ?? channelsFromEnv(env);
  const { fannedOut } = await fanOut(db, now);
  const units = await claim(db, now, env);
  const result: DeliveryRunResult = { fannedOut, sent: 0, failed: 0, retrying: 0, rateLimited: 0, completed: 0 };
  for (const unit of units) {
    let outcome: Outcome;
    try {
      outcome = await sendUnit(db, unit, channels, env, now);
    } catch (e) {
      // Our own failure (rendering, database) before anything was sent: retried like a refused request.
      outcome = { result: { ok: false, error: `internal: ${(e as Error).message.slice(0, 200)}`, uncertain: false } };
    }
    const status = await record(db, unit, outcome, env, now);
    const n = 1 + unit.grouped.length;
    if (status === "sent") result.sent += n;
    else if (status === "failed") result.failed += n;
    else if (status === "retrying") result.retrying += n;
    else result.rateLimited += n;
  }
  result.completed = await complete(db, now);
  return result;
}
