import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, userNoticeDeliveries, userNotices } from "@/db/schema";
import { PUSH_TITLES, smsText } from "@/lib/user-notices";
import { getEnv } from "@/server/env";
import { defineJob, JobAttemptError } from "@/server/jobs/types";
import { isOptedOut } from "./is-opted-out";
import { lookupLink, templateKeyOf } from "./notice-values";
import { sendOnChannel } from "./send-on-channel";

// One job per delivery (enqueued by create-notices.ts at the notice's due time, quiet hours included): the job
// runner's retries with backoff are the delivery's retries, and its dead letter is the delivery's last word.

/** A notice's status from its deliveries: sent if any got out, failed when all ended without, else unchanged. */
export async function settleNotice(db: Db, noticeId: number, now: Date): Promise<void> {
  const rows = await db.select({ status: userNoticeDeliveries.status }).from(userNoticeDeliveries).where(eq(userNoticeDeliveries.noticeId, noticeId));
  if (rows.some((r) => r.status === "sent")) {
    await db.update(userNotices).set({ status: "sent", sentAt: now }).where(and(eq(userNotices.id, noticeId), inArray(userNotices.status, ["queued", "deferred", "failed"])));
  } else if (rows.length > 0 && rows.every((r) => r.status === "failed" || r.status === "skipped")) {
    const status = rows.every((r) => r.status === "skipped") ? "skipped" : "failed";
    await db.update(userNotices).set({ status, ...(status === "skipped" ? { skipReason: "opted_out" as const } : {}) }).where(and(eq(userNotices.id, noticeId), inArray(userNotices.status, ["queued", "deferred"])));
  }
}

export const deliverNoticeJob = defineJob<{ deliveryId: number }>({
  type: "user-notices.deliver",
  retrySchedule: () => getEnv().USER_NOTICE_RETRY_SCHEDULE,
  async run({ db }, { deliveryId }) {
    const now = new Date();
    const env = getEnv();
    const [d] = await db.select().from(userNoticeDeliveries).where(eq(userNoticeDeliveries.id, deliveryId));
    if (!d || d.noticeId === null || !["pending", "retrying"].includes(d.status)) return { skipped: "not due" };
    const [notice] = await db.select().from(userNotices).where(eq(userNotices.id, d.noticeId));
    const [order] = notice ? await db.select().from(orders).where(eq(orders.orderNo, notice.orderNo)) : [];
    if (!notice || !order) return { skipped: "notice gone" };
    // Opted out while the notice waited (quiet hours, retries): honoured at the last moment.
    if (await isOptedOut(db, order.userId, order.userPhone)) {
      await db.update(userNoticeDeliveries).set({ status: "skipped", lastErrorCode: "opted_out", lastError: "the user opted out" }).where(eq(userNoticeDeliveries.id, d.id));
      await settleNotice(db, notice.id, now);
      return { skipped: "opted_out" };
    }
    if (d.channel === "sms" && d.status === "pending" && d.attempts > 0) {
      // A worker took it and never recorded the answer (it died mid-send): the SMS may have gone out. Not resent (ADR 0007).
      await db.update(userNoticeDeliveries).set({ status: "failed", uncertain: true, lastErrorCode: "uncertain", lastError: "sms outcome unknown (worker stopped mid-send); not resent to avoid a duplicate" }).where(eq(userNoticeDeliveries.id, d.id));
      await settleNotice(db, notice.id, now);
      return { failed: "uncertain" };
    }
    await db.update(userNoticeDeliveries).set({ attempts: d.attempts + 1 }).where(eq(userNoticeDeliveries.id, d.id));
    const target = d.channel === "sms" ? order.userPhone : order.userId;
    const key = templateKeyOf(notice.situation, notice.kind);
    const outcome = target
      ? await sendOnChannel(
          env,
          d.channel,
          {
            target,
            idempotencyKey: d.idempotencyKey,
            smsText: smsText(d.text, notice.locale),
            push: { userId: order.userId, orderNo: order.orderNo, situation: notice.situation, kind: notice.kind, locale: notice.locale, title: PUSH_TITLES[key][notice.locale], body: d.text, link: lookupLink(order.orderNo) },
          },
          now,
        )
      : ({ ok: false, code: "no_target", error: "the order has no phone", uncertain: false, permanent: true } as const);
    if (outcome.ok) {
      await db.update(userNoticeDeliveries).set({ status: "sent", sentAt: now, providerMessageId: outcome.providerMessageId, lastErrorCode: null, lastError: null }).where(eq(userNoticeDeliveries.id, d.id));
      await settleNotice(db, notice.id, now);
      return { sent: d.channel };
    }
    const final = outcome.permanent;
    await db
      .update(userNoticeDeliveries)
      .set({ status: final ? "failed" : "retrying", uncertain: outcome.uncertain, lastErrorCode: outcome.code, lastError: outcome.error.slice(0, 500) })
      .where(eq(userNoticeDeliveries.id, d.id));
    if (final) {
      await settleNotice(db, notice.id, now);
      return { failed: outcome.code };
    }
    throw new JobAttemptError(outcome.error, { code: outcome.code });
  },
  async onDead(tx, _job, { deliveryId }) {
    const [d] = await tx.update(userNoticeDeliveries).set({ status: "failed" }).where(and(eq(userNoticeDeliveries.id, deliveryId), inArray(userNoticeDeliveries.status, ["pending", "retrying"]))).returning();
    if (d?.noticeId) await settleNotice(tx, d.noticeId, new Date());
  },
});
