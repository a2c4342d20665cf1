import "server-only";
import { and, eq, inArray, lte, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertNotifications, alerts, alertSilences, type AlertRow } from "@/db/schema";
import type { AlertNotificationEvent } from "@/lib/alerts";
import { getEnv } from "@/server/env";

/** What a channel needs to write the message (Alertmanager's alert envelope, plus our impact and actions). */
export function notificationPayload(alert: AlertRow, event: AlertNotificationEvent): Record<string, unknown> {
  return {
    event, alertId: alert.id, fingerprint: alert.fingerprint, rule: alert.ruleKey, metric: alert.metric, provider: alert.provider, severity: alert.severity,
    status: alert.status, onsetAt: alert.onsetAt.toISOString(), firedAt: alert.firedAt?.toISOString() ?? null, resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    impact: alert.impact, actionKeys: alert.actionKeys, observed: alert.lastValue,
  };
}

/** Adds one outbox row; its dedupe key makes a re-run of the same evaluation write nothing twice. */
export async function enqueueNotification(tx: Db, alert: AlertRow, event: AlertNotificationEvent, notBefore: Date, n = 1): Promise<void> {
  await tx
    .insert(alertNotifications)
    .values({ alertId: alert.id, event, dedupeKey: `${alert.id}:${event}:${n}`, notBefore, payload: notificationPayload(alert, event) })
    .onConflictDoNothing();
}

/**
 * An alert resolving: a "firing" notification still inside its group wait is cancelled and nothing is
 * announced (Alertmanager drops alerts that resolve within group_wait); otherwise a "resolved" follows.
 */
export async function notifyResolved(tx: Db, alert: AlertRow, now: Date): Promise<void> {
  const cancelled = await tx
    .update(alertNotifications)
    .set({ status: "cancelled", suppressedReason: "resolved within group wait" })
    .where(and(eq(alertNotifications.alertId, alert.id), eq(alertNotifications.event, "firing"), eq(alertNotifications.status, "pending")))
    .returning({ id: alertNotifications.id });
  if (cancelled.length > 0) return;
  const [announced] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(alertNotifications)
    .where(and(eq(alertNotifications.alertId, alert.id), eq(alertNotifications.event, "firing")));
  if ((announced?.n ?? 0) > 0) await enqueueNotification(tx, alert, "resolved", now);
}

type Silence = typeof alertSilences.$inferSelect;

export function silenceMatches(silence: Pick<Silence, "matchers">, alert: Pick<AlertRow, "ruleKey" | "metric" | "provider" | "severity">): boolean {
  return Object.entries(silence.matchers).every(([k, v]) => v === undefined || alert[k as keyof typeof alert] === v);
}

/**
 * The outbox's timers, run after every evaluation: repeats for alerts still firing unacknowledged (every
 * ALERT_REPEAT_INTERVAL), one escalation when nobody acknowledged within ALERT_ESCALATE_AFTER, then every
 * due row becomes "ready" for the channels, or "suppressed" (silence, maintenance window, inhibition) —
 * decided at the end of the group wait so an inhibiting alert or a fresh silence arriving meanwhile counts.
 */
export async function processNotifications(tx: Db, now: Date): Promise<{ ready: number; suppressed: number }> {
  const env = getEnv();
  const firing = await tx.select().from(alerts).where(eq(alerts.status, "firing"));
  for (const alert of firing) {
    if (!alert.firedAt) continue;
    const sent = await tx
      .select({ event: alertNotifications.event, createdAt: alertNotifications.createdAt })
      .from(alertNotifications)
      .where(and(eq(alertNotifications.alertId, alert.id), inArray(alertNotifications.event, ["firing", "repeat", "escalation"])));
    const announcements = sent.filter((s) => s.event !== "escalation");
    const last = Math.max(alert.firedAt.getTime(), ...announcements.map((s) => s.createdAt.getTime()));
    if (announcements.length > 0 && now.getTime() - last >= env.ALERT_REPEAT_INTERVAL) await enqueueNotification(tx, alert, "repeat", now, announcements.length);
    if (!sent.some((s) => s.event === "escalation") && now.getTime() - alert.firedAt.getTime() >= env.ALERT_ESCALATE_AFTER) {
      await enqueueNotification(tx, alert, "escalation", now);
    }
  }

  const due = await tx
    .select({ n: alertNotifications, alert: alerts })
    .from(alertNotifications)
    .innerJoin(alerts, eq(alerts.id, alertNotifications.alertId))
    .where(and(eq(alertNotifications.status, "pending"), lte(alertNotifications.notBefore, now)));
  if (due.length === 0) return { ready: 0, suppressed: 0 };
  const silences = await tx
    .select()
    .from(alertSilences)
    .where(and(lte(alertSilences.startsAt, now), sql`${alertSilences.endsAt} > ${now.toISOString()}::timestamptz`));
  let ready = 0;
  let suppressed = 0;
  for (const { n, alert } of due) {
    const silence = silences.find((s) => silenceMatches(s, alert));
    const reason = alert.inhibitedBy ? `inhibited by alert ${alert.inhibitedBy}` : silence ? `${silence.kind} ${silence.id}` : null;
    // An acknowledged alert needs no repeat or escalation: someone is on it.
    const moot = alert.status === "acknowledged" && (n.event === "repeat" || n.event === "escalation");
    await tx
      .update(alertNotifications)
      .set(reason || moot ? { status: moot ? "cancelled" : "suppressed", suppressedReason: reason ?? "acknowledged" } : { status: "ready" })
      .where(and(eq(alertNotifications.id, n.id), eq(alertNotifications.status, "pending")));
    if (reason || moot) suppressed++;
    else ready++;
  }
  return { ready, suppressed };
}

/** Inhibition: while a provider-down alert is open, the same provider's other alerts are marked inhibited by it. */
export async function applyInhibition(tx: Db, inhibitingRules: ReadonlySet<string>): Promise<void> {
  const open = await tx.select().from(alerts).where(ne(alerts.status, "resolved"));
  const sources = open.filter((a) => inhibitingRules.has(a.ruleKey) && a.status !== "pending");
  for (const a of open) {
    if (inhibitingRules.has(a.ruleKey)) continue; // a source never inhibits itself or another source
    const by = sources.find((s) => s.provider === a.provider && a.provider !== "*")?.id ?? null;
    if (by !== a.inhibitedBy) await tx.update(alerts).set({ inhibitedBy: by }).where(eq(alerts.id, a.id));
  }
}
