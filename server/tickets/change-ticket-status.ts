import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets } from "@/db/schema";
import { TICKET_STATUSES, TICKET_TRANSITIONS, type TicketStatus } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError } from "@/server/lib/errors";
import { appendTicketEvent } from "./append-ticket-event";
import { loadTicketForUpdate } from "./load-ticket";

/** The statuses `to` may be reached from (TICKET_TRANSITIONS read backwards). */
export const allowedFrom = (to: TicketStatus): TicketStatus[] => TICKET_STATUSES.filter((s) => TICKET_TRANSITIONS[s].includes(to));

/**
 * The one writer of a ticket's status, inside the caller's transaction: a conditional update from the allowed
 * statuses (no row back = not allowed from where it is now), its history entry and audit row. Stamps
 * solvedAt/closedAt; reopening a solved ticket clears solvedAt.
 */
export async function transitionTicket(tx: Db, id: number, to: TicketStatus, actor: Actor, now: Date): Promise<{ from: TicketStatus }> {
  const before = await loadTicketForUpdate(tx, id);
  const [row] = await tx
    .update(tickets)
    .set({
      status: to,
      updatedAt: now,
      ...(to === "solved" ? { solvedAt: now } : {}),
      ...(to === "open" || to === "pending" ? { solvedAt: null } : {}),
      ...(to === "closed" ? { closedAt: now, solvedAt: before.solvedAt ?? now } : {}),
    })
    .where(and(eq(tickets.id, id), inArray(tickets.status, allowedFrom(to))))
    .returning({ id: tickets.id });
  if (!row) throw new ConflictError(`a ${before.status} ticket cannot become ${to}`, { from: before.status, to });
  await appendTicketEvent(tx, id, { kind: "status_changed", actor: actor.label, data: { from: before.status, to } }, now);
  await writeAudit(tx, actor, { action: "ticket.status", entityType: "ticket", entityId: before.number, before: { status: before.status }, after: { status: to } });
  return { from: before.status };
}

export async function changeTicketStatus(db: Db, id: number, to: TicketStatus, actor: Actor, now = new Date()): Promise<{ id: number; from: TicketStatus; to: TicketStatus }> {
  return db.transaction(async (tx) => ({ id, to, ...(await transitionTicket(tx, id, to, actor, now)) }));
}
