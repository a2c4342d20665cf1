import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statusNotices, statusNoticeUpdates } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";
import { toNoticeView, toUpdateView, type NoticeView, type UpdateView } from "./present-notice";

/** status.get: a notice and its timeline, oldest first. */
export async function getNotice(db: Db, id: number): Promise<{ notice: NoticeView; updates: UpdateView[] }> {
  const [notice] = await db.select().from(statusNotices).where(eq(statusNotices.id, id));
  if (!notice) throw new NotFoundError("notice not found");
  const updates = await db.select().from(statusNoticeUpdates).where(eq(statusNoticeUpdates.noticeId, id)).orderBy(asc(statusNoticeUpdates.at), asc(statusNoticeUpdates.id));
  return { notice: toNoticeView(notice), updates: updates.map(toUpdateView) };
}
