import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, tickets, vipCustomers } from "@/db/schema";
import { BODY_MAX, SUBJECT_MAX, type ContactPreference, type TicketPriority, type TicketQueue, type TicketSource, type TicketType } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError, ValidationError } from "@/server/lib/errors";
import { rowsOf } from "@/server/lib/sql";
import { appendTicketEvent } from "./append-ticket-event";
import { autoAssignTicket } from "./auto-assign-ticket";
import { slaDue } from "./sla";
import { queueFor, ticketPriority, type TicketRisk } from "./ticket-priority";
import { loadBusinessCalendar, loadSlaTargets } from "./ticket-settings";

export interface CreateTicketInput {
  subject: string;
  description: string;
  source: TicketSource;
  type?: TicketType;
  /** Chosen by the opener; otherwise from the type and source (ticket-priority.ts queueFor). */
  queue?: TicketQueue;
  /** Chosen by the opener; otherwise computed by the priority rule (ticket-priority.ts). */
  priority?: TicketPriority;
  /** The risk of the discrepancy or alert behind it (priority rule). */
  risk?: TicketRisk;
  /** "discrepancy:12", "alert:7", "incident:3": at most one ticket per thing (tickets_source_ref_idx). */
  sourceRef?: string | null;
  orderNo?: string | null;
  incidentId?: number | null;
  requesterUserId?: string | null;
  requesterPhoneMasked?: string | null;
  contactPreference?: ContactPreference | null;
}

/** "T-2026-000123": the year it was opened (UTC) and its id, so numbers never collide and need no counter table. */
export function ticketNumber(id: number, at: Date): string {
  return `T-${at.getUTCFullYear()}-${String(id).padStart(6, "0")}`;
}

export function ticketValues(input: CreateTicketInput) {
  const subject = input.subject.trim();
  const description = input.description.trim();
  if (subject.length < 1 || subject.length > SUBJECT_MAX) throw new ValidationError(`a subject has 1 to ${SUBJECT_MAX} characters`);
  if (description.length < 1 || description.length > BODY_MAX) throw new ValidationError(`a description has 1 to ${BODY_MAX} characters`);
  return {
    subject,
    description,
    source: input.source,
    type: input.type ?? "other",
    queue: input.queue ?? queueFor(input.type ?? "other", input.source),
    priority: input.priority ?? "normal",
    orderNo: input.orderNo ?? null,
    incidentId: input.incidentId ?? null,
    requesterUserId: input.requesterUserId ?? null,
    requesterPhoneMasked: input.requesterPhoneMasked ?? null,
    contactPreference: input.contactPreference ?? null,
    sourceRef: input.sourceRef ?? null,
  };
}

/** The id comes first (from the table's sequence) so the human number is written in the same insert. */
export async function nextTicketId(tx: Db): Promise<number> {
  const res = await tx.execute(sql`select nextval(pg_get_serial_sequence('tickets', 'id'))::text as id`);
  return Number(rowsOf<{ id: string }>(res)[0]!.id);
}

/**
 * Priority (unless the opener chose one: the rule in ticket-priority.ts, from the linked order's amount and age,
 * the requester's VIP flag and the risk) and the SLA due times from the queue's targets in business hours.
 */
export async function routeTicket(
  tx: Db,
  values: ReturnType<typeof ticketValues>,
  opts: { priority?: TicketPriority; risk?: TicketRisk },
  now: Date,
): Promise<{ priority: TicketPriority; firstResponseDueAt: Date; resolutionDueAt: Date; requesterUserId: string | null }> {
  let requesterUserId = values.requesterUserId;
  let amount: { minor: number; currency: string } | null = null;
  let since = now;
  if (values.orderNo) {
    const [order] = await tx
      .select({ userId: orders.userId, amountMinor: orders.amountMinor, currency: orders.currency, paidAt: orders.paidAt, createdAt: orders.createdAt })
      .from(orders)
      .where(eq(orders.orderNo, values.orderNo));
    if (!order) throw new NotFoundError("order not found");
    requesterUserId ??= order.userId;
    amount = { minor: order.amountMinor, currency: order.currency };
    since = order.paidAt ?? order.createdAt;
  }
  const vip = requesterUserId ? (await tx.select({ userId: vipCustomers.userId }).from(vipCustomers).where(eq(vipCustomers.userId, requesterUserId))).length > 0 : false;
  const priority =
    opts.priority ??
    ticketPriority({ type: values.type, risk: opts.risk ?? "low", amountMinor: amount?.minor ?? null, currency: amount?.currency ?? null, ageMinutes: Math.max(0, (now.getTime() - since.getTime()) / 60_000), vip });
  const due = slaDue(now, priority, await loadSlaTargets(tx, values.queue), await loadBusinessCalendar(tx));
  return { priority, ...due, requesterUserId };
}

/**
 * THE way a ticket opens (console, discrepancies, alerts; the self-service form shares routeTicket and the
 * auto-assignment): routed, with its "created" history entry and audit row, then offered to the next
 * available agent with the queue's skill, all in one transaction.
 */
export async function createTicket(
  db: Db,
  input: CreateTicketInput,
  actor: Actor,
  now = new Date(),
): Promise<{ id: number; number: string; assigneeId: string | null; existing: boolean }> {
  const values = ticketValues(input);
  return db.transaction(async (tx) => {
    const bySourceRef = async () =>
      values.sourceRef
        ? (await tx.select({ id: tickets.id, number: tickets.number, assigneeId: tickets.assigneeId }).from(tickets).where(eq(tickets.sourceRef, values.sourceRef)))[0]
        : undefined;
    const before = await bySourceRef();
    if (before) return { ...before, existing: true };
    const routing = await routeTicket(tx, values, { priority: input.priority, risk: input.risk }, now);
    const id = await nextTicketId(tx);
    const number = ticketNumber(id, now);
    const inserted = await tx
      .insert(tickets)
      .values({ id, number, ...values, ...routing, createdBy: actor.label, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: tickets.id });
    if (inserted.length === 0) {
      // someone opened the ticket for the same discrepancy/alert a moment earlier: theirs is the one
      const winner = await bySourceRef();
      if (!winner) throw new Error("ticket insert conflict without a source ref");
      return { ...winner, existing: true };
    }
    await appendTicketEvent(
      tx,
      id,
      { kind: "created", actor: actor.label, public: true, body: values.description, data: { source: values.source, type: values.type, queue: values.queue, priority: routing.priority, orderNo: values.orderNo } },
      now,
    );
    await writeAudit(tx, actor, { action: "ticket.create", entityType: "ticket", entityId: number, after: { ...values, priority: routing.priority, description: undefined } });
    const assigneeId = await autoAssignTicket(tx, id, now);
    return { id, number, assigneeId, existing: false };
  });
}
