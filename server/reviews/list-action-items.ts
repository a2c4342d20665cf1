import "server-only";
import { and, asc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidents, reviewActionItems, users } from "@/db/schema";
import { isOverdue, type ActionItemStatus } from "@/lib/reviews";
import { getEnv } from "@/server/env";
import { businessDay } from "@/server/status/business-days";

export interface ActionItem {
  id: number;
  incidentId: number;
  incidentTitle: string;
  title: string;
  ownerId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  /** YYYY-MM-DD business day. */
  dueOn: string | null;
  status: ActionItemStatus;
  doneAt: Date | null;
  doneBy: string | null;
  createdAt: Date;
  /** Open and its due day has passed in the business time zone (as of `overdueAt`, else now). */
  overdue: boolean;
}

export interface ListActionItemsInput {
  status?: ActionItemStatus;
  incidentIds?: number[];
  /** Only the items overdue at this instant (open, due before its business day). */
  overdueAt?: Date;
  now?: Date;
  limit?: number;
}

export const ACTION_ITEMS_MAX = 500;

/** Action items of incident reviews, oldest due first (no due date last); the weekly report reads this too. */
export async function listActionItems(db: Db, input: ListActionItemsInput = {}): Promise<ActionItem[]> {
  const tz = getEnv().BUSINESS_TIMEZONE;
  const today = businessDay(input.overdueAt ?? input.now ?? new Date(), tz);
  if (input.incidentIds && input.incidentIds.length === 0) return [];
  const filters: (SQL | undefined)[] = [
    input.status ? eq(reviewActionItems.status, input.status) : undefined,
    input.incidentIds ? inArray(reviewActionItems.incidentId, input.incidentIds) : undefined,
    input.overdueAt ? and(eq(reviewActionItems.status, "open"), lt(reviewActionItems.dueOn, today)) : undefined,
  ];
  const rows = await db
    .select({ item: reviewActionItems, incidentTitle: incidents.title, ownerName: users.name, ownerEmail: users.email })
    .from(reviewActionItems)
    .innerJoin(incidents, eq(incidents.id, reviewActionItems.incidentId))
    .leftJoin(users, eq(users.id, reviewActionItems.ownerId))
    .where(and(...filters))
    .orderBy(sql`${reviewActionItems.dueOn} asc nulls last`, asc(reviewActionItems.id))
    .limit(Math.min(input.limit ?? ACTION_ITEMS_MAX, ACTION_ITEMS_MAX));
  return rows.map(({ item, incidentTitle, ownerName, ownerEmail }) => ({
    id: item.id, incidentId: item.incidentId, incidentTitle, title: item.title, ownerId: item.ownerId, ownerName, ownerEmail, dueOn: item.dueOn,
    status: item.status, doneAt: item.doneAt, doneBy: item.doneBy, createdAt: item.createdAt, overdue: isOverdue(item.dueOn, item.status, today),
  }));
}
