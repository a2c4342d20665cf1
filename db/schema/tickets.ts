import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { ContactPreference, LookupAnswerKind, SlaState, TicketEventKind, TicketPriority, TicketQueue, TicketSource, TicketStatus, TicketType } from "@/lib/tickets";
import { timestamps } from "./_columns";
import { users } from "./auth";
import { incidents } from "./incidents";
import { orders } from "./orders";

/** A support ticket (issue 9 core; issue 10 adds routing, SLA, merge). Lifecycle owned by server/tickets/. */
export const tickets = pgTable(
  "tickets",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /** Human number, T-<year>-<id padded to 6>: what a user quotes on the phone. */
    number: text().notNull(),
    subject: text().notNull(),
    description: text().notNull(),
    status: text().$type<TicketStatus>().notNull().default("new"),
    priority: text().$type<TicketPriority>().notNull().default("normal"),
    queue: text().$type<TicketQueue>().notNull().default("cs_l1"),
    type: text().$type<TicketType>().notNull().default("other"),
    source: text().$type<TicketSource>().notNull(),
    // A ticket about an order we hold; orders are never deleted (docs/adr/0005), and the ticket is evidence.
    orderNo: text().references(() => orders.orderNo, { onDelete: "restrict" }),
    incidentId: bigint({ mode: "number" }).references(() => incidents.id, { onDelete: "restrict" }),
    /** What it was opened from ("discrepancy:12", "alert:7", "incident:3"): one ticket per thing, however often asked. */
    sourceRef: text(),
    /** The shop's user id (from the order) and a masked phone: agents never need the full number here. */
    requesterUserId: text(),
    requesterPhoneMasked: text(),
    contactPreference: text().$type<ContactPreference>(),
    /** What the self-service lookup told the user when they opened it (lib/tickets.ts LOOKUP_ANSWERS). */
    situation: text().$type<LookupAnswerKind>(),
    assigneeId: uuid().references(() => users.id, { onDelete: "restrict" }),
    /** Actor label of whoever opened it ("self-service" for the public form). */
    createdBy: text().notNull(),
    firstResponseAt: timestamp({ withTimezone: true }),
    solvedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    /** SLA due times (business hours, server/tickets/sla.ts); resolution is pushed back by time spent pending user. */
    firstResponseDueAt: timestamp({ withTimezone: true }),
    resolutionDueAt: timestamp({ withTimezone: true }),
    /** Set while the ticket waits on the user (status pending): the resolution clock is paused from then. */
    slaPausedAt: timestamp({ withTimezone: true }),
    slaState: text().$type<SlaState>().notNull().default("ok"),
    /** A duplicate merged into another ticket (closed, its history shown on the target). */
    mergedIntoId: bigint({ mode: "number" }).references((): AnyPgColumn => tickets.id, { onDelete: "restrict" }),
    /** KPI (issue 10 → KPI issue): agents' public replies, reopenings, wall time spent pending user. */
    agentReplyCount: integer().notNull().default(0),
    reopenCount: integer().notNull().default(0),
    pendingSeconds: integer().notNull().default(0),
    /** Stamped when it resolves: one agent reply and never reopened; opened → resolved minus pending-user time. */
    firstContactResolution: boolean(),
    handleSeconds: integer(),
    ...timestamps,
  },
  (t) => [
    // lookup by the number a user quotes
    uniqueIndex("tickets_number_idx").on(t.number),
    // one open self-service ticket per order: concurrent submits race on this, the loser appends (dedupe key)
    uniqueIndex("tickets_open_self_service_order_no_idx")
      .on(t.orderNo)
      .where(sql`${t.source} = 'self_service' and ${t.status} in ('new', 'open', 'pending', 'pending_approval')`),
    // one ticket per discrepancy/alert/incident: the "Open ticket" button and the automatic one race on this
    uniqueIndex("tickets_source_ref_idx").on(t.sourceRef).where(sql`${t.sourceRef} is not null`),
    // queue tabs: by status, oldest or newest first (keyset created_at, id)
    index("tickets_status_created_at_id_idx").on(t.status, t.createdAt.desc(), t.id.desc()),
    // queue, all statuses
    index("tickets_created_at_id_idx").on(t.createdAt.desc(), t.id.desc()),
    // "mine": an agent's open tickets
    index("tickets_assignee_id_created_at_idx").on(t.assigneeId, t.createdAt.desc()).where(sql`${t.status} in ('new', 'open', 'pending', 'pending_approval')`),
    // a queue tab: one queue, one status, oldest first
    index("tickets_queue_status_created_at_id_idx").on(t.queue, t.status, t.createdAt, t.id),
    // the backlog sweep: open tickets nobody holds yet, oldest first
    index("tickets_unassigned_created_at_idx").on(t.createdAt, t.id).where(sql`${t.assigneeId} is null and ${t.status} in ('new', 'open')`),
    // the SLA sweep: open tickets with a due time, soonest first
    index("tickets_sla_due_idx").on(t.resolutionDueAt).where(sql`${t.status} in ('new', 'open', 'pending_approval')`),
    // order page "Tickets", and the per-order daily cap of self-service tickets
    index("tickets_order_no_created_at_idx").on(t.orderNo, t.createdAt),
  ],
);

/** A ticket's history: messages (public replies, internal notes, the requester's words) and every change. */
export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    ticketId: bigint({ mode: "number" })
      .notNull()
      .references(() => tickets.id, { onDelete: "restrict" }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    kind: text().$type<TicketEventKind>().notNull(),
    /** User e-mail, "self-service" or "system:…". */
    actor: text().notNull(),
    /** Whether the requester may see it (replies yes, internal notes no). */
    public: boolean().notNull().default(false),
    body: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    // the timeline of one ticket in order
    index("ticket_events_ticket_id_at_id_idx").on(t.ticketId, t.at, t.id),
    // the KPI rollup's per-minute read of SLA breaches (server/kpi/rollup-kpis.ts): a small subset by time
    index("ticket_events_sla_breached_at_idx").on(t.at).where(sql`${t.kind} = 'sla_breached'`),
    // the KPI rollup's catch-up: events written since its last run (reopened, retyped, relinked tickets)
    index("ticket_events_created_at_idx").on(t.createdAt),
  ],
);

export type TicketRow = typeof tickets.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;
