import "server-only";
import { and, count, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, userNoticeDeliveries, userNotices, type Order } from "@/db/schema";
import { renderTemplate, URGENT_SITUATIONS, type NoticeChannel, type NoticeKind, type NoticeSituation, type SkipReason } from "@/lib/user-notices";
import { maskPhone } from "@/server/auth/mask-phone";
import { getEnv } from "@/server/env";
import { maskUserRef } from "@/server/incidents/list-affected-orders";
import { enqueue } from "@/server/jobs/enqueue";
import { deliverNoticeJob } from "./deliver-notice-job";
import { getNoticeSettings, type NoticeSettings } from "./get-notice-settings";
import { isOptedOut } from "./is-opted-out";
import { loadTemplateBook, type TemplateBook } from "./load-templates";
import { localeOfOrder, noticeValues, remedyOf, templateKeyOf } from "./notice-values";
import { quietHoursRelease } from "./quiet-hours";

/** A notice to create: which order, why, and whether a paid-after-close refund is what it promises. */
export interface NoticeCandidate {
  orderNo: string;
  situation: NoticeSituation;
  kind: NoticeKind;
  paidAfterClose?: boolean;
}

export interface CreateOptions {
  createdBy: string;
  incidentId?: number | null;
  now?: Date;
}

export interface CreateResult {
  created: number;
  /** Already noticed before (the unique index said so): nothing written. */
  existing: number;
  byStatus: Record<"queued" | "deferred" | "skipped", number>;
  bySituation: Partial<Record<NoticeSituation, number>>;
  channels: NoticeChannel[];
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Creates notices and their deliveries, one transaction per notice. The unique (order, situation, kind) index is
 * the idempotency key: a second detection run, a retry or a concurrent worker inserts nothing and sends nothing.
 * Only the winner plans: opt-out, the per-user rate limit (under a per-user advisory lock, so two notices for one
 * user racing cannot both slip under it), the channels, and quiet hours for non-urgent notices.
 */
export async function createNotices(db: Db, candidates: readonly NoticeCandidate[], opts: CreateOptions): Promise<CreateResult> {
  const now = opts.now ?? new Date();
  const settings = await getNoticeSettings(db);
  const book = await loadTemplateBook(db);
  const result: CreateResult = { created: 0, existing: 0, byStatus: { queued: 0, deferred: 0, skipped: 0 }, bySituation: {}, channels: settings.channels };
  for (const c of candidates) {
    const outcome = await db.transaction(async (tx) => {
      const [order] = await tx.select().from(orders).where(eq(orders.orderNo, c.orderNo));
      if (!order) return null;
      return createOne(tx, order, c, settings, book, opts, now);
    });
    if (outcome === null) result.existing++;
    else {
      result.created++;
      result.byStatus[outcome]++;
      result.bySituation[c.situation] = (result.bySituation[c.situation] ?? 0) + 1;
    }
  }
  return result;
}

async function createOne(tx: Db, order: Order, c: NoticeCandidate, settings: NoticeSettings, book: TemplateBook, opts: CreateOptions, now: Date): Promise<"queued" | "deferred" | "skipped" | null> {
  const locale = localeOfOrder(order);
  const values = noticeValues(order, c.situation, c.kind, locale, remedyOf(c.situation, Boolean(c.paidAfterClose)));
  const [notice] = await tx
    .insert(userNotices)
    .values({ orderNo: order.orderNo, userId: order.userId, situation: c.situation, kind: c.kind, locale, incidentId: opts.incidentId ?? null, createdBy: opts.createdBy, facts: { expected: values.expected, nextStep: values.nextStep }, dueAt: now, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (!notice) return null;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payops:user-notice:${order.userId}`}))`);
  const skip = async (reason: SkipReason) => {
    await tx.update(userNotices).set({ status: "skipped", skipReason: reason }).where(eq(userNotices.id, notice.id));
    return "skipped" as const;
  };
  if (await isOptedOut(tx, order.userId, order.userPhone)) return skip("opted_out");
  // The good news ("已为您完成订单") is never held back by the limit it would close.
  if (c.kind === "initial") {
    const [recent] = await tx
      .select({ n: count() })
      .from(userNotices)
      .where(and(eq(userNotices.userId, order.userId), eq(userNotices.kind, "initial"), inArray(userNotices.status, ["queued", "deferred", "sent"]), gt(userNotices.createdAt, new Date(now.getTime() - DAY)), ne(userNotices.id, notice.id)));
    if ((recent?.n ?? 0) >= settings.ratePerDay) return skip("rate_limited");
  }
  const channels = settings.channels.filter((ch) => (ch === "sms" ? Boolean(order.userPhone) : true));
  if (channels.length === 0) return skip("no_channel");
  const urgent = c.kind === "initial" && URGENT_SITUATIONS.includes(c.situation);
  const dueAt = urgent ? now : quietHoursRelease(now, settings.quietStart, settings.quietEnd, getEnv().BUSINESS_TIMEZONE);
  const deferred = dueAt.getTime() > now.getTime();
  const key = templateKeyOf(c.situation, c.kind);
  for (const channel of channels) {
    const [d] = await tx
      .insert(userNoticeDeliveries)
      .values({
        noticeId: notice.id,
        channel,
        targetMasked: channel === "sms" ? maskPhone(order.userPhone)! : maskUserRef(order.userId, null),
        idempotencyKey: `${notice.id}:${channel}`,
        text: renderTemplate(book(key, channel, locale), values),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: userNoticeDeliveries.id });
    if (d) await enqueue(tx, deliverNoticeJob, { deliveryId: d.id }, { runAt: dueAt, dedupeKey: `user-notice-delivery:${d.id}`, orderNo: order.orderNo });
  }
  await tx.update(userNotices).set({ status: deferred ? "deferred" : "queued", dueAt }).where(eq(userNotices.id, notice.id));
  return deferred ? "deferred" : "queued";
}
