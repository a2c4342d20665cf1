import "server-only";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, userNoticeDeliveries, userNotices } from "@/db/schema";
import { runNoticeDetection } from "./detect-notices-job";

/**
 * Notice history for the demo and the e2e suite: one detection pass over the seeded orders (stuck, charged twice,
 * paid after close, fulfilment given up), recorded as delivered — the seed has no channel to send on, so the
 * deliveries are marked sent and their jobs dropped. Idempotent like every detection run.
 */
export async function seedDemoUserNotices(db: Db, opts: { now?: Date } = {}): Promise<{ notices: number }> {
  const now = opts.now ?? new Date();
  const r = await runNoticeDetection(db, now);
  const created = "disabled" in r ? 0 : r.initial.created;
  const ids = (await db.select({ id: userNotices.id }).from(userNotices).where(inArray(userNotices.status, ["queued", "deferred"]))).map((n) => n.id);
  if (ids.length === 0) return { notices: created };
  const deliveries = await db
    .update(userNoticeDeliveries)
    .set({ status: "sent", attempts: 1, sentAt: now, providerMessageId: "seed" })
    .where(and(isNotNull(userNoticeDeliveries.noticeId), inArray(userNoticeDeliveries.noticeId, ids), eq(userNoticeDeliveries.status, "pending")))
    .returning({ id: userNoticeDeliveries.id });
  await db.update(userNotices).set({ status: "sent", sentAt: now }).where(inArray(userNotices.id, ids));
  const keys = deliveries.map((d) => `user-notice-delivery:${d.id}`);
  if (keys.length > 0) await db.delete(jobs).where(and(eq(jobs.type, "user-notices.deliver"), inArray(jobs.dedupeKey, keys)));
  return { notices: created };
}
