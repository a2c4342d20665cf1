import "server-only";
import { and, eq, isNull, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets, users } from "@/db/schema";
import type { LookupAnswerKind, TicketPriority, TicketQueue, TicketSource, TicketStatus } from "@/lib/tickets";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";

export interface TicketListItem {
  id: number;
  number: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  queue: TicketQueue;
  source: TicketSource;
  orderNo: string | null;
  situation: LookupAnswerKind | null;
  assignee: string | null;
  requesterPhoneMasked: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ListTicketsInput {
  status?: TicketStatus | "all";
  queue?: TicketQueue;
  source?: TicketSource;
  priority?: TicketPriority;
  /** "mine" needs the caller's user id. */
  assignee?: "any" | "mine" | "unassigned";
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
  id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, priority: tickets.priority, queue: tickets.queue, source: tickets.source,
  orderNo: tickets.orderNo, situation: tickets.situation, assignee: users.email, requesterPhoneMasked: tickets.requesterPhoneMasked, createdAt: tickets.createdAt, updatedAt: tickets.updatedAt,
};

/** The queue: one status tab (or all), filtered, oldest first by default. */
export async function listTickets(db: Db, input: ListTicketsInput, me: string): Promise<KeysetPage<TicketListItem>> {
  const status = input.status ?? "new";
  const assignee = input.assignee ?? "any";
  const filters: (SQL | undefined)[] = [
    status === "all" ? undefined : eq(tickets.status, status),
    input.queue ? eq(tickets.queue, input.queue) : undefined,
    input.source ? eq(tickets.source, input.source) : undefined,
    input.priority ? eq(tickets.priority, input.priority) : undefined,
    assignee === "mine" ? eq(tickets.assigneeId, me) : assignee === "unassigned" ? isNull(tickets.assigneeId) : undefined,
  ];
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

