// The list's query input, shared by the page's server prefetch and the client view (they must be equal).
export const NOTICE_TABS = ["all", "active", "scheduled", "resolved"] as const;
export type NoticeTab = (typeof NOTICE_TABS)[number];

export const noticeTab = (v: string | undefined): NoticeTab => ((NOTICE_TABS as readonly string[]).includes(v ?? "") ? (v as NoticeTab) : "all");

export function noticesInput({ filter, cursor }: { filter: NoticeTab; cursor?: string }): { filter: NoticeTab; cursor?: string } {
  return cursor ? { filter, cursor } : { filter };
}
