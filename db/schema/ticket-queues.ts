import { sql } from "drizzle-orm";
import { bigserial, check, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { AgentAvailability, SlaTargets, TicketQueue } from "@/lib/tickets";
import { timestamps } from "./_columns";
import { users } from "./auth";

/**
 * Settings of a queue (issue 10). The queues themselves are the fixed list in lib/tickets.ts; a queue without
 * a row uses DEFAULT_SLA_TARGETS. The skill an agent needs to be assigned from it is its key.
 */
export const ticketQueues = pgTable("ticket_queues", {
  key: text().$type<TicketQueue>().primaryKey(),
  slaTargets: jsonb().$type<SlaTargets>().notNull(),
  updatedBy: text(),
  ...timestamps,
});

/**
 * The business calendar SLAs count in (one row, id 1): open from startMinute to endMinute local time on the
 * given ISO weekdays (1 = Monday … 7 = Sunday) in timeZone.
 */
export const ticketBusinessHours = pgTable(
  "ticket_business_hours",
  {
    id: smallint().primaryKey().default(1),
    timeZone: text().notNull().default("Asia/Shanghai"),
    startMinute: integer().notNull().default(9 * 60),
    endMinute: integer().notNull().default(21 * 60),
    weekdays: jsonb().$type<number[]>().notNull().default([1, 2, 3, 4, 5, 6, 7]),
    updatedBy: text(),
    ...timestamps,
  },
  (t) => [check("ticket_business_hours_singleton", sql`${t.id} = 1`), check("ticket_business_hours_window", sql`${t.startMinute} >= 0 and ${t.startMinute} < ${t.endMinute} and ${t.endMinute} <= 1440`)],
);

/** Who may be auto-assigned what: queues they can work (skills), whether they take work now, how much at once. */
export const agentProfiles = pgTable("agent_profiles", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "restrict" }),
  skills: jsonb().$type<TicketQueue[]>().notNull().default([]),
  availability: text().$type<AgentAvailability>().notNull().default("away"),
  /** Open tickets at once; the assigner never goes above it. */
  capacity: integer().notNull().default(10),
  /** Round robin among equally loaded agents: the one assigned longest ago goes first. */
  lastAssignedAt: timestamp({ withTimezone: true }),
  ...timestamps,
});

/** Requesters (the shop's user ids) we treat as VIP: their tickets rank one step higher (route-ticket.ts). */
export const vipCustomers = pgTable("vip_customers", {
  userId: text().primaryKey(),
  note: text(),
  addedBy: text().notNull(),
  ...timestamps,
});

export type AgentProfileRow = typeof agentProfiles.$inferSelect;

/** A person's saved queue filters ("my views"); the shared defaults are in code (lib/tickets.ts DEFAULT_VIEWS). */
export const ticketViews = pgTable(
  "ticket_views",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    filters: jsonb().$type<Record<string, string>>().notNull(),
    ...timestamps,
  },
  (t) => [
    // a person's views by name (the view menu; one name once)
    uniqueIndex("ticket_views_user_id_name_idx").on(t.userId, t.name),
  ],
);
