import "server-only";
import { and, eq, gte, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets, users } from "@/db/schema";
import type { Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";
import { OPEN_TICKET_STATUSES, TICKET_STATUSES, type LookupAnswerKind, type TicketRangeOn, type SlaState, type TicketPriority, type TicketQueue, type TicketSource, type TicketStatus, type TicketType } from "@/lib/tickets";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";

export interface TicketListItem {
  id: number;
  number: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  queue: TicketQueue;
  type: TicketType;
  source: TicketSource;
  slaState: SlaState;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaPausedAt: Date | null;
  orderNo: string | null;
  situation: LookupAnswerKind | null;
  assignee: string | null;
  requesterPhoneMasked: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** "active": every status a ticket is still being worked in (new, open, pending user, pending approval). */
export type TicketStatusFilter = TicketStatus | "all" | "active";

export interface ListTicketsInput {
  status?: TicketStatusFilter;
  queue?: TicketQueue;
  type?: TicketType;
  source?: TicketSource;
  priority?: TicketPriority;
  sla?: SlaState;
  /** "mine" needs the caller's user id; a user id filters by that assignee. */
  assignee?: "any" | "mine" | "unassigned" | (string & {});
  /** The desk's "My tickets" (api.md): the same as assignee "mine". */
  mine?: boolean;
  /** Created (or, with rangeOn, resolved / SLA-breached) in [from, to) (the KPI dashboard's drill-down); the tab counts follow it. */
  range?: ListRange;
  rangeOn?: TicketRangeOn;
  /** Tickets about an order of that provider (the KPI dashboard counts a ticket under its order's provider). */
  provider?: Provider;
  /** Oldest first is how a queue is worked; newest first to see what just came in. */
  sort?: "oldest" | "newest";
  cursor?: string;
  limit?: number;
}

const key = [{ expr: tickets.createdAt, kind: "timestamptz" }, { expr: tickets.id, kind: "bigint" }] as const;
const SORTS: Record<"oldest" | "newest", KeysetSort> = {
  oldest: { name: "tickets.oldest", keys: key, direction: "asc" },
  newest: { name: "tickets.newest", keys: key, direction: "desc" },
};

const columns = {
  id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, priority: tickets.priority, queue: tickets.queue, type: tickets.type, source: tickets.source,
  slaState: tickets.slaState, firstResponseAt: tickets.firstResponseAt, firstResponseDueAt: tickets.firstResponseDueAt, resolutionDueAt: tickets.resolutionDueAt, slaPausedAt: tickets.slaPausedAt,
  orderNo: tickets.orderNo, situation: tickets.situation, assignee: users.email, requesterPhoneMasked: tickets.requesterPhoneMasked, createdAt: tickets.createdAt, updatedAt: tickets.updatedAt,
};

function statusFilter(status: TicketStatusFilter): SQL | undefined {
  if (status === "all") return undefined;
  if (status === "active") return inArray(tickets.status, [...OPEN_TICKET_STATUSES]);
  return eq(tickets.status, status);
}

function filtersOf(input: Omit<ListTicketsInput, "status" | "cursor" | "limit" | "sort">, me: string): (SQL | undefined)[] {
  const assignee = input.mine ? "mine" : (input.assignee ?? "any");
  return [
    input.queue ? eq(tickets.queue, input.queue) : undefined,
    input.type ? eq(tickets.type, input.type) : undefined,
    input.source ? eq(tickets.source, input.source) : undefined,
    input.priority ? eq(tickets.priority, input.priority) : undefined,
    input.sla ? and(eq(tickets.slaState, input.sla), inArray(tickets.status, [...OPEN_TICKET_STATUSES])) : undefined,
    assignee === "mine" ? eq(tickets.assigneeId, me) : assignee === "unassigned" ? isNull(tickets.assigneeId) : assignee === "any" ? undefined : eq(tickets.assigneeId, assignee),
    input.range ? inWindow(input.range, input.rangeOn ?? "created") : undefined,
    input.provider ? sql`EXISTS (SELECT 1 FROM orders o WHERE o.order_no = ${tickets.orderNo} AND o.provider = ${input.provider})` : undefined,
  ];
}

function inWindow(range: ListRange, on: TicketRangeOn): SQL | undefined {
  const from = sql`${range.from.toISOString()}::timestamptz`;
  const to = sql`${range.to.toISOString()}::timestamptz`;
  if (on === "resolved") {
    const resolvedAt = sql`coalesce(${tickets.solvedAt}, ${tickets.closedAt})`;
    return sql`(${resolvedAt} >= ${from} AND ${resolvedAt} < ${to})`;
  }
  if (on === "breached") {
    // The KPI counts breaches by their event (server/kpi/rollup-kpis.ts); the partial index on sla_breached events serves it.
    return sql`EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = ${tickets.id} AND e.kind = 'sla_breached' AND e.at >= ${from} AND e.at < ${to})`;
  }
  return and(gte(tickets.createdAt, range.from), lt(tickets.createdAt, range.to));
}

/** The queue: one status tab (or all, or every active status), filtered, oldest first by default. */
export async function listTickets(db: Db, input: ListTicketsInput, me: string): Promise<KeysetPage<TicketListItem>> {
  const filters = [statusFilter(input.status ?? "new"), ...filtersOf(input, me)];
  const ks = keyset(SORTS[input.sort ?? "oldest"], input.cursor, input.limit);
  const rows = await db
    .select({ ...columns, ...ks.select })
    .from(tickets)
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(and(...filters, ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  return ks.page(rows);
}

/** The order page's "Tickets": every ticket about the order, newest first (few per order). */
export async function listOrderTickets(db: Db, orderNo: string): Promise<TicketListItem[]> {
  const rows = await db
    .select(columns)
    .from(tickets)
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(eq(tickets.orderNo, orderNo))
    .orderBy(tickets.createdAt, tickets.id)
    .limit(100);
  return rows.reverse();
}


/** The tab counts: tickets per status under the same filters (a status tab shows its number). */
export async function countTickets(db: Db, input: Omit<ListTicketsInput, "status" | "cursor" | "limit" | "sort">, me: string): Promise<Record<TicketStatus, number>> {
  const rows = await db
    .select({ status: tickets.status, n: sql<number>`count(*)::int` })
    .from(tickets)
    .where(and(...filtersOf(input, me)))
    .groupBy(tickets.status);
  const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}
