import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ticketEvents, tickets, users, type TicketEventRow, type TicketRow } from "@/db/schema";
import type { LookupAnswerKind } from "@/lib/tickets";
import { listUsersHolding } from "@/server/auth/list-users-holding";
import { NotFoundError } from "@/server/lib/errors";
import { orderSituation } from "@/server/lookup/order-situation";

export interface TicketDetail {
  ticket: TicketRow & { assignee: string | null };
  /** Its own history and that of every duplicate merged into it (ticketId tells which), in time order. */
  events: TicketEventRow[];
  mergedInto: { id: number; number: string } | null;
  mergedFrom: { id: number; number: string }[];
  /** The linked order in plain words (null when none is linked). */
  order: { orderNo: string; status: string; kind: Exclude<LookupAnswerKind, "no_match"> | null; amountMinor: number; currency: string; provider: string } | null;
  /** Who the ticket may be assigned to: active people who may work tickets. */
  assignees: { id: string; email: string; name: string }[];
}

export async function getTicket(db: Db, id: number): Promise<TicketDetail> {
  const [row] = await db.select({ t: tickets, assignee: users.email }).from(tickets).leftJoin(users, eq(users.id, tickets.assigneeId)).where(eq(tickets.id, id));
  if (!row) throw new NotFoundError("ticket not found");
  const mergedFrom = await db.select({ id: tickets.id, number: tickets.number }).from(tickets).where(eq(tickets.mergedIntoId, id)).orderBy(asc(tickets.id)).limit(100);
  const [mergedInto] = row.t.mergedIntoId ? await db.select({ id: tickets.id, number: tickets.number }).from(tickets).where(eq(tickets.id, row.t.mergedIntoId)) : [];
  const events = await db
    .select()
    .from(ticketEvents)
    .where(inArray(ticketEvents.ticketId, [id, ...mergedFrom.map((m) => m.id)]))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id))
    .limit(1000);
  let order: TicketDetail["order"] = null;
  if (row.t.orderNo) {
    const s = await orderSituation(db, row.t.orderNo);
    if (s.order) order = { orderNo: s.order.orderNo, status: s.order.status, kind: s.kind, amountMinor: s.order.amountMinor, currency: s.order.currency, provider: s.order.provider };
  }
  const assignees = await listAssignees(db);
  return { ticket: { ...row.t, assignee: row.assignee }, events, mergedInto: mergedInto ?? null, mergedFrom, order, assignees };
}

/** Active people who may work tickets: who a ticket may be assigned to. */
export function listAssignees(db: Db): Promise<{ id: string; email: string; name: string }[]> {
  return listUsersHolding(db, "ticket.update");
}

export async function ticketIdByNumber(db: Db, number: string): Promise<number> {
  const [row] = await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.number, number));
  if (!row) throw new NotFoundError("ticket not found");
  return row.id;
}
