import type { ListRange } from "@/lib/list-range";
import type { NoticeChannel, NoticeDeliveryStatus, NoticeSituation } from "@/lib/user-notices";

/** userNotice.deliveryList's input for the log's filters and the URL's window (?from=&to=); the server page prefetches the first page with it. */
export function noticeDeliveriesInput(s: { situation?: NoticeSituation | ""; channel?: NoticeChannel | ""; status?: NoticeDeliveryStatus | ""; cursor?: string; range?: ListRange | null }) {
  return { situation: s.situation || undefined, channel: s.channel || undefined, status: s.status || undefined, ...(s.range ? { range: s.range } : {}), cursor: s.cursor, limit: 50 };
}
