import "server-only";
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { userNoticeDeliveries, userNotices } from "@/db/schema";
import type { ListRange } from "@/lib/list-range";
import type { NoticeChannel, NoticeDeliveryStatus, NoticeKind, NoticeSituation, NoticeStatus, SkipReason } from "@/lib/user-notices";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";

export interface NoticeDeliveryView {
  id: number;
  noticeId: number | null;
  orderNo: string | null;
  situation: NoticeSituation | null;
  kind: NoticeKind | null;
  incidentId: number | null;
  channel: NoticeChannel;
  /** Always masked: the real target is never stored. */
  target: string;
  status: NoticeDeliveryStatus;
  attempts: number;
  lastErrorCode: string | null;
  lastError: string | null;
  providerMessageId: string | null;
  text: string;
  sentAt: Date | null;
  createdAt: Date;
}

// ids are monotonic: newest first is id desc (the primary key serves it).
const newestFirst: KeysetSort = { name: "user_notice_deliveries.id", keys: [{ expr: userNoticeDeliveries.id, kind: "bigint" }], direction: "desc" };

export interface ListNoticeDeliveriesInput {
  situation?: NoticeSituation;
  channel?: NoticeChannel;
  status?: NoticeDeliveryStatus;
  orderNo?: string;
  /** Deliveries created in [from, to) (user_notice_deliveries_created_at_id_idx). */
  range?: ListRange;
  cursor?: string;
  limit?: number;
}

/** The delivery log (test sends included, without a notice), newest first, one keyset page. */
export async function listNoticeDeliveries(db: Db, input: ListNoticeDeliveriesInput): Promise<KeysetPage<NoticeDeliveryView>> {
  const ks = keyset(newestFirst, input.cursor, input.limit);
  const filters: (SQL | undefined)[] = [
    input.situation ? eq(userNotices.situation, input.situation) : undefined,
    input.orderNo ? eq(userNotices.orderNo, input.orderNo) : undefined,
    input.channel ? eq(userNoticeDeliveries.channel, input.channel) : undefined,
    input.status ? eq(userNoticeDeliveries.status, input.status) : undefined,
    input.range ? and(gte(userNoticeDeliveries.createdAt, input.range.from), lt(userNoticeDeliveries.createdAt, input.range.to)) : undefined,
  ];
  const rows = await db
    .select({ d: userNoticeDeliveries, n: { orderNo: userNotices.orderNo, situation: userNotices.situation, kind: userNotices.kind, incidentId: userNotices.incidentId }, ...ks.select })
    .from(userNoticeDeliveries)
    .leftJoin(userNotices, eq(userNotices.id, userNoticeDeliveries.noticeId))
    .where(and(...filters, ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  const page = ks.page(rows);
  return {
    items: page.items.map(({ d, n }) => ({
      id: d.id, noticeId: d.noticeId, orderNo: n?.orderNo ?? null, situation: n?.situation ?? null, kind: n?.kind ?? null, incidentId: n?.incidentId ?? null,
      channel: d.channel, target: d.targetMasked, status: d.status, attempts: d.attempts, lastErrorCode: d.lastErrorCode, lastError: d.lastError,
      providerMessageId: d.providerMessageId, text: d.text, sentAt: d.sentAt, createdAt: d.createdAt,
    })),
    nextCursor: page.nextCursor,
  };
}

export interface OrderNoticeView {
  id: number;
  situation: NoticeSituation;
  kind: NoticeKind;
  status: NoticeStatus;
  skipReason: SkipReason | null;
  createdAt: Date;
  dueAt: Date;
  sentAt: Date | null;
  deliveries: { channel: NoticeChannel; target: string; status: NoticeDeliveryStatus; lastErrorCode: string | null }[];
}

/** The order page's "Notices sent": every notice of one order with its deliveries. */
export async function listOrderNotices(db: Db, orderNo: string): Promise<OrderNoticeView[]> {
  const notices = await db.select().from(userNotices).where(eq(userNotices.orderNo, orderNo)).orderBy(desc(userNotices.id)).limit(20);
  const out: OrderNoticeView[] = [];
  for (const n of notices) {
    const ds = await db.select().from(userNoticeDeliveries).where(eq(userNoticeDeliveries.noticeId, n.id)).orderBy(userNoticeDeliveries.id);
    out.push({
      id: n.id, situation: n.situation, kind: n.kind, status: n.status, skipReason: n.skipReason, createdAt: n.createdAt, dueAt: n.dueAt, sentAt: n.sentAt,
      deliveries: ds.map((d) => ({ channel: d.channel, target: d.targetMasked, status: d.status, lastErrorCode: d.lastErrorCode })),
    });
  }
  return out;
}
