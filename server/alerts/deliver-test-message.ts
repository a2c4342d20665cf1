import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertContacts, alertDeliveries } from "@/db/schema";
import type { AlertChannel, DeliveryStatus } from "@/lib/alerts";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locale";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { channelsFromEnv, type Channels } from "./channels/config";
import { renderTestMessage } from "./deliver-message";
import { ROBOT_TARGET, sendOn } from "./deliver-notifications";

/**
 * "Send a test message" from the channels page: one delivery on `channel`, sent now, logged like any other
 * (event "test"). Robots post to their group; SMS goes to the first enabled contact with a phone; e-mail to
 * the caller's own address if known, else the first contact with one.
 */
export async function sendTestMessage(db: Db, actor: Actor & { email?: string | null }, channel: AlertChannel, opts: { channels?: Channels; now?: Date } = {}): Promise<{ deliveryId: number; status: DeliveryStatus }> {
  const env = getEnv();
  const now = opts.now ?? new Date();
  let target = ROBOT_TARGET;
  let locale: Locale = DEFAULT_LOCALE;
  let contactId: number | null = null;
  if (channel === "sms" || channel === "email") {
    const column = channel === "sms" ? alertContacts.phone : alertContacts.email;
    const [contact] = await db.select().from(alertContacts).where(and(eq(alertContacts.enabled, true), isNotNull(column))).orderBy(asc(alertContacts.escalationOrder), asc(alertContacts.id)).limit(1);
    const own = channel === "email" ? actor.email : null;
    target = own ?? (channel === "sms" ? contact?.phone : contact?.email) ?? "";
    if (!own && contact) {
      locale = contact.locale;
      contactId = contact.id;
    }
  }
  const [row] = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(alertDeliveries)
      .values({ event: "test", channel, target: target || "(none)", contactId, locale, idempotencyKey: `test:${channel}:${randomUUID()}`, attempts: 1, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + 3600_000) })
      .returning();
    await writeAudit(tx, actor, { action: "alert_channel.send_test", entityType: "alert_delivery", entityId: String(inserted[0]!.id), after: { channel } });
    return inserted;
  });
  const d = row!;
  const outcome = target
    ? await sendOn(opts.channels ?? channelsFromEnv(env), channel, target, await renderTestMessage(locale, now), d.idempotencyKey, env, now)
    : { result: { ok: false as const, error: `no contact with ${channel === "sms" ? "a phone" : "an e-mail address"}`, uncertain: false } };
  const r = outcome.result;
  // A test is tried once: the person is looking at the page for the answer.
  const status: DeliveryStatus = r.ok ? "sent" : "failed";
  await db
    .update(alertDeliveries)
    .set(r.ok ? { status, sentAt: now, providerMessageId: r.providerMessageId } : { status, lastError: r.error.slice(0, 500), uncertain: r.uncertain })
    .where(eq(alertDeliveries.id, d.id));
  return { deliveryId: d.id, status };
}
