import "server-only";
import { asc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidentReviews, users, type IncidentReviewRow } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";
import { getIncidentThread, type IncidentThread } from "./get-incident-thread";
import { listActionItems, type ActionItem } from "./list-action-items";

export interface ReviewDetail {
  review: IncidentReviewRow;
  thread: IncidentThread;
  actionItems: ActionItem[];
  /** Who can own an action item: the active users. */
  owners: { id: string; name: string; email: string }[];
}

export async function getReview(db: Db, incidentId: number, now = new Date()): Promise<ReviewDetail> {
  const [review] = await db.select().from(incidentReviews).where(eq(incidentReviews.incidentId, incidentId));
  if (!review) throw new NotFoundError("review not found");
  const [thread, actionItems, owners] = [
    await getIncidentThread(db, incidentId, now),
    await listActionItems(db, { incidentIds: [incidentId], now }),
    await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(isNull(users.disabledAt)).orderBy(asc(users.name)).limit(500),
  ];
  return { review, thread, actionItems, owners };
}
