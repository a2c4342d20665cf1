import "server-only";
import { and, getTableColumns, isNotNull, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statusNotices } from "@/db/schema";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";
import { toNoticeView, type NoticeView } from "./present-notice";

export const NOTICE_FILTERS = ["active", "scheduled", "resolved", "all"] as const;
export type NoticeFilter = (typeof NOTICE_FILTERS)[number];

const SORT: KeysetSort = {
  name: "status_notices.started_at",
  keys: [
    { expr: statusNotices.startedAt, kind: "timestamptz" },
    { expr: statusNotices.id, kind: "bigint" },
  ],
  direction: "desc",
};

const waiting = sql`${statusNotices.kind} = 'maintenance' and ${statusNotices.status} = 'scheduled'`;

/** An open maintenance still in "scheduled" is listed as scheduled; every other open notice is active. */
const FILTERS: Record<NoticeFilter, SQL | undefined> = {
  active: and(isNull(statusNotices.resolvedAt), or(ne(statusNotices.kind, "maintenance"), ne(statusNotices.status, "scheduled"))),
  scheduled: and(isNull(statusNotices.resolvedAt), waiting),
  resolved: isNotNull(statusNotices.resolvedAt),
  all: undefined,
};

/** status.list: notices newest first, one keyset page. */
export async function listNotices(db: Db, input: { filter?: NoticeFilter; cursor?: string; limit?: number }): Promise<KeysetPage<NoticeView>> {
  const ks = keyset(SORT, input.cursor, input.limit);
  const rows = await db
    .select({ ...getTableColumns(statusNotices), ...ks.select })
    .from(statusNotices)
    .where(and(FILTERS[input.filter ?? "all"], ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  const page = ks.page(rows);
  return { items: page.items.map(toNoticeView), nextCursor: page.nextCursor };
}
