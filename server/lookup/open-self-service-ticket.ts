import "server-only";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets } from "@/db/schema";
import { BODY_MAX, OPEN_TICKET_STATUSES, ORDER_NO_PATTERN, PHONE_LAST4_PATTERN, SUBJECT_MAX, type ContactPreference } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { maskPhone } from "@/server/auth/mask-phone";
import { takeThrottleSlot } from "@/server/auth/sign-in-throttle";
import { autoAssignTicket } from "@/server/tickets/auto-assign-ticket";
import { routeTicket, ticketNumber, ticketValues, nextTicketId } from "@/server/tickets/create-ticket";
import { typeForSituation } from "@/server/tickets/ticket-priority";
import { appendRequesterMessage } from "@/server/tickets/add-ticket-message";
import { appendTicketEvent } from "@/server/tickets/append-ticket-event";
import { checkOrderProof } from "./lookup-order";
import { verifyLookupToken } from "./lookup-token";

/** A user opens at most this many self-service tickets per order in a day; further messages go to the open one. */
export const MAX_TICKETS_PER_ORDER_PER_DAY = 3;
/** Submits per order number in 10 minutes (messages appended count too): the form is not a chat. */
export const SUBMITS_PER_ORDER = 5;
const SUBMIT_WINDOW_MS = 10 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export const SELF_SERVICE_ACTOR: Actor = { id: null, label: "self-service" };

export interface SelfServiceTicketInput {
  orderNo: string;
  phoneLast4: string;
  /** From the lookup that matched (lookup-token.ts). */
  token: string;
  description: string;
  contactPreference: ContactPreference;
  /** In the user's language, written by the page ("Payment question about order …"). */
  subject: string;
}

export type SelfServiceTicketResult =
  | { outcome: "invalid" }
  | { outcome: "expired" }
  | { outcome: "rate_limited" }
  | { outcome: "too_many" }
  | { outcome: "created" | "appended"; number: string };

/**
 * The "Get help" form: a ticket with the order attached, routed by its type (ticket-priority.ts) and auto-assigned, source self_service. Needs the
 * same two proofs as the lookup (the token from it, and the digits re-checked against the order). An open
 * self-service ticket for the order gets the message appended instead of a second ticket; two submits at
 * once race on the partial unique index tickets_open_self_service_order_no_idx, and the loser appends.
 */
export async function openSelfServiceTicket(db: Db, input: SelfServiceTicketInput, now = new Date()): Promise<SelfServiceTicketResult> {
  const orderNo = input.orderNo.trim();
  const phoneLast4 = input.phoneLast4.trim();
  const description = input.description.trim();
  if (!ORDER_NO_PATTERN.test(orderNo) || !PHONE_LAST4_PATTERN.test(phoneLast4) || description.length < 1 || description.length > BODY_MAX) return { outcome: "invalid" };
  if (!verifyLookupToken(input.token, orderNo, phoneLast4, now)) return { outcome: "expired" };
  if (!(await takeThrottleSlot(db, { scope: "lookup_ticket_order", email: orderNo, ipAddress: "" }, SUBMITS_PER_ORDER, SUBMIT_WINDOW_MS, now))) return { outcome: "rate_limited" };
  const situation = await checkOrderProof(db, orderNo, phoneLast4);
  if (!situation?.order) return { outcome: "expired" };
  const order = situation.order;

  const values = ticketValues({
    subject: input.subject.slice(0, SUBJECT_MAX),
    description,
    source: "self_service",
    // the queue follows the type (money owed back to finance, the rest to first-line CS); the priority rule runs in routeTicket
    type: typeForSituation(situation.kind),
    orderNo,
    requesterUserId: order.userId,
    requesterPhoneMasked: maskPhone(order.userPhone),
    contactPreference: input.contactPreference,
  });

  return db.transaction(async (tx) => {
    const openTicket = async () =>
      (
        await tx
          .select({ id: tickets.id, number: tickets.number })
          .from(tickets)
          .where(and(eq(tickets.orderNo, orderNo), eq(tickets.source, "self_service"), inArray(tickets.status, [...OPEN_TICKET_STATUSES])))
          .limit(1)
      )[0];
    const existing = await openTicket();
    if (existing) {
      await appendRequesterMessage(tx, existing.id, description, SELF_SERVICE_ACTOR, now);
      return { outcome: "appended" as const, number: existing.number };
    }
    const [today] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(tickets)
      .where(and(eq(tickets.orderNo, orderNo), eq(tickets.source, "self_service"), gte(tickets.createdAt, new Date(now.getTime() - DAY_MS))));
    if ((today?.n ?? 0) >= MAX_TICKETS_PER_ORDER_PER_DAY) return { outcome: "too_many" as const };
    const routing = await routeTicket(tx, values, {}, now);
    const id = await nextTicketId(tx);
    const number = ticketNumber(id, now);
    const inserted = await tx
      .insert(tickets)
      .values({ id, number, ...values, ...routing, situation: situation.kind, createdBy: SELF_SERVICE_ACTOR.label, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: tickets.id });
    if (inserted.length === 0) {
      // Another submit for this order committed first (the unique index waited for it): join its ticket.
      const winner = await openTicket();
      if (!winner) throw new Error("self-service ticket conflict without an open ticket");
      await appendRequesterMessage(tx, winner.id, description, SELF_SERVICE_ACTOR, now);
      return { outcome: "appended" as const, number: winner.number };
    }
    await appendTicketEvent(tx, id, { kind: "created", actor: SELF_SERVICE_ACTOR.label, public: true, body: description, data: { source: "self_service", situation: situation.kind, contactPreference: input.contactPreference } }, now);
    await writeAudit(tx, SELF_SERVICE_ACTOR, { action: "ticket.create", entityType: "ticket", entityId: number, after: { source: "self_service", orderNo, type: values.type, queue: values.queue, priority: routing.priority, situation: situation.kind } });
    await autoAssignTicket(tx, id, now);
    return { outcome: "created" as const, number };
  });
}
