import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidentReviews, incidents, reviewActionItems } from "@/db/schema";
import type { ReviewStatus } from "@/lib/reviews";
import { getEnv } from "@/server/env";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";
import { businessDay } from "@/server/status/business-days";

export interface ReviewListItem {
  incidentId: number;
  title: string;
  severity: string;
  provider: string;
  openedAt: Date;
  resolvedAt: Date | null;
  status: ReviewStatus;
  /** Who owns the review: the incident commander, else whoever resolved it. */
  owner: string | null;
  completedAt: Date | null;
  actionItems: number;
  openActionItems: number;
  overdueActionItems: number;
}

export interface ListReviewsInput {
  status?: ReviewStatus | "all";
  cursor?: string;
  limit?: number;
  now?: Date;
}

const SORT: KeysetSort = { name: "reviews.incident", keys: [{ expr: incidentReviews.incidentId, kind: "bigint" }], direction: "desc" };

/** Reviews, newest incident first, with their action items counted. */
export async function listReviews(db: Db, input: ListReviewsInput = {}): Promise<KeysetPage<ReviewListItem>> {
  const status = input.status ?? "all";
  const filters: (SQL | undefined)[] = [status === "all" ? undefined : eq(incidentReviews.status, status)];
  const ks = keyset(SORT, input.cursor, input.limit);
  const rows = await db
    .select({ r: { status: incidentReviews.status, completedAt: incidentReviews.completedAt }, i: incidents, ...ks.select })
    .from(incidentReviews)
    .innerJoin(incidents, eq(incidents.id, incidentReviews.incidentId))
    .where(and(...filters, ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  const page = ks.page(rows);
  const ids = page.items.map((r) => r.i.id);
  const today = businessDay(input.now ?? new Date(), getEnv().BUSINESS_TIMEZONE);
  const counts =
    ids.length === 0
      ? []
      : await db
          .select({
            incidentId: reviewActionItems.incidentId,
            total: sql<number>`count(*)`.mapWith(Number),
            open: sql<number>`count(*) filter (where ${reviewActionItems.status} = 'open')`.mapWith(Number),
            overdue: sql<number>`count(*) filter (where ${reviewActionItems.status} = 'open' and ${reviewActionItems.dueOn} < ${today}::date)`.mapWith(Number),
          })
          .from(reviewActionItems)
          .where(inArray(reviewActionItems.incidentId, ids))
          .groupBy(reviewActionItems.incidentId);
  return {
    items: page.items.map(({ r, i }) => {
      const c = counts.find((x) => x.incidentId === i.id);
      return {
        incidentId: i.id, title: i.title, severity: i.severity, provider: i.provider, openedAt: i.openedAt, resolvedAt: i.resolvedAt, status: r.status,
        owner: i.commander ?? i.resolvedBy, completedAt: r.completedAt, actionItems: c?.total ?? 0, openActionItems: c?.open ?? 0, overdueActionItems: c?.overdue ?? 0,
      };
    }),
    nextCursor: page.nextCursor,
  };
}
