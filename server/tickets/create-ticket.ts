import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, tickets } from "@/db/schema";
import { BODY_MAX, SUBJECT_MAX, type ContactPreference, type TicketPriority, type TicketQueue, type TicketSource } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError, ValidationError } from "@/server/lib/errors";
import { rowsOf } from "@/server/lib/sql";
import { appendTicketEvent } from "./append-ticket-event";

export interface CreateTicketInput {
  subject: string;
  description: string;
  source: TicketSource;
  queue?: TicketQueue;
  priority?: TicketPriority;
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
    queue: input.queue ?? "general",
    priority: input.priority ?? "normal",
    orderNo: input.orderNo ?? null,
    incidentId: input.incidentId ?? null,
    requesterUserId: input.requesterUserId ?? null,
    requesterPhoneMasked: input.requesterPhoneMasked ?? null,
    contactPreference: input.contactPreference ?? null,
  };
}

/** The id comes first (from the table's sequence) so the human number is written in the same insert. */
export async function nextTicketId(tx: Db): Promise<number> {
  const res = await tx.execute(sql`select nextval(pg_get_serial_sequence('tickets', 'id'))::text as id`);
  return Number(rowsOf<{ id: string }>(res)[0]!.id);
}

/** Opens a ticket with its "created" history entry and audit row, in one transaction. */
export async function createTicket(db: Db, input: CreateTicketInput, actor: Actor, now = new Date()): Promise<{ id: number; number: string }> {
  const values = ticketValues(input);
  return db.transaction(async (tx) => {
    if (values.orderNo) {
      const [order] = await tx.select({ orderNo: orders.orderNo }).from(orders).where(eq(orders.orderNo, values.orderNo));
      if (!order) throw new NotFoundError("order not found");
    }
    const id = await nextTicketId(tx);
    const number = ticketNumber(id, now);
    await tx.insert(tickets).values({ id, number, ...values, createdBy: actor.label, createdAt: now, updatedAt: now });
    await appendTicketEvent(tx, id, { kind: "created", actor: actor.label, public: true, body: values.description, data: { source: values.source, queue: values.queue, priority: values.priority, orderNo: values.orderNo } }, now);
    await writeAudit(tx, actor, { action: "ticket.create", entityType: "ticket", entityId: number, after: { ...values, description: undefined } });
    return { id, number };
  });
}
