import { sql } from "drizzle-orm";
import { bigint, bigserial, date, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ActionItemStatus, ReviewFacts, ReviewStatus } from "@/lib/reviews";
import { timestamps } from "./_columns";
import { users } from "./auth";
import { incidents } from "./incidents";

/** One review per incident (issue 12): drafted from the incident thread, completed by its owner. */
export const incidentReviews = pgTable(
  "incident_reviews",
  {
    incidentId: bigint({ mode: "number" })
      .primaryKey()
      .references(() => incidents.id, { onDelete: "restrict" }),
    status: text().$type<ReviewStatus>().notNull().default("draft"),
    /** The drafted facts (lib/reviews.ts ReviewFacts): refreshed while draft, frozen on completion. */
    draft: jsonb().$type<ReviewFacts>().notNull(),
    rootCause: text(),
    whatWorked: text(),
    whatDidNot: text(),
    completedBy: text(),
    completedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // /reviews list: newest incidents first within a status
    index("incident_reviews_status_incident_id_idx").on(t.status, t.incidentId.desc()),
  ],
);

/** What the team will change after an incident, with an owner and a due business day, tracked to done. */
export const reviewActionItems = pgTable(
  "review_action_items",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    incidentId: bigint({ mode: "number" })
      .notNull()
      .references(() => incidents.id, { onDelete: "restrict" }),
    title: text().notNull(),
    ownerId: uuid().references(() => users.id, { onDelete: "restrict" }),
    /** Business day (Asia/Shanghai by default) it is due. */
    dueOn: date({ mode: "string" }),
    status: text().$type<ActionItemStatus>().notNull().default("open"),
    doneAt: timestamp({ withTimezone: true }),
    doneBy: text(),
    ...timestamps,
  },
  (t) => [
    // an incident's action items (review page, review list counts)
    index("review_action_items_incident_id_idx").on(t.incidentId, t.id),
    // open items by due day: the overdue list and the weekly report
    index("review_action_items_open_due_on_idx").on(t.dueOn).where(sql`${t.status} = 'open'`),
  ],
);

export type IncidentReviewRow = typeof incidentReviews.$inferSelect;
export type ReviewActionItemRow = typeof reviewActionItems.$inferSelect;
