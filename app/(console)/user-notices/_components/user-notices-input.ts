import type { NoticeChannel, NoticeDeliveryStatus, NoticeSituation } from "@/lib/user-notices";

/** userNotice.deliveryList's input for the log's filters; the server page prefetches the first page with it. */
export function noticeDeliveriesInput(s: { situation?: NoticeSituation | ""; channel?: NoticeChannel | ""; status?: NoticeDeliveryStatus | ""; cursor?: string }) {
  return { situation: s.situation || undefined, channel: s.channel || undefined, status: s.status || undefined, cursor: s.cursor, limit: 50 };
}
