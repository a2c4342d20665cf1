import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets } from "@/db/schema";
import { resumeDue } from "@/lib/business-hours";
import { TICKET_STATUSES, TICKET_TRANSITIONS, type TicketStatus } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError } from "@/server/lib/errors";
import { appendTicketEvent } from "./append-ticket-event";
import { loadTicketForUpdate } from "./load-ticket";
import { loadBusinessCalendar } from "./ticket-settings";

/** The statuses `to` may be reached from (TICKET_TRANSITIONS read backwards). */
export const allowedFrom = (to: TicketStatus): TicketStatus[] => TICKET_STATUSES.filter((s) => TICKET_TRANSITIONS[s].includes(to));

/**
 * The one writer of a ticket's status, inside the caller's transaction: a conditional update from the allowed
 * statuses (no row back = not allowed from where it is now), its history entry and audit row. Stamps
 * solvedAt/closedAt; reopening a solved ticket clears solvedAt and counts a reopening. Pending user pauses the
 * resolution clock (slaPausedAt); leaving it adds the wait to pendingSeconds and, back to open, restarts the
 * business time that was left (resumeDue). Resolving records first-contact resolution (exactly one agent reply,
 * never reopened) and handle time (opened → resolved minus the time spent pending user).
 */
export async function transitionTicket(tx: Db, id: number, to: TicketStatus, actor: Actor, now: Date): Promise<{ from: TicketStatus }> {
  const before = await loadTicketForUpdate(tx, id);
  const leavingPause = before.slaPausedAt !== null && to !== "pending";
  const waited = leavingPause ? Math.max(0, Math.round((now.getTime() - before.slaPausedAt!.getTime()) / 1000)) : 0;
  const pendingSeconds = before.pendingSeconds + waited;
  const resolving = to === "solved" || (to === "closed" && !before.solvedAt);
  const reopenCount = before.reopenCount + (before.status === "solved" && to === "open" ? 1 : 0);
  const resolutionDueAt =
    leavingPause && to === "open" && before.resolutionDueAt ? resumeDue(before.resolutionDueAt, before.slaPausedAt!, now, await loadBusinessCalendar(tx)) : before.resolutionDueAt;
  const [row] = await tx
    .update(tickets)
    .set({
      status: to,
      updatedAt: now,
      ...(to === "solved" ? { solvedAt: now } : {}),
      ...(to === "open" || to === "pending" || to === "pending_approval" ? { solvedAt: null, firstContactResolution: null, handleSeconds: null } : {}),
      ...(to === "closed" ? { closedAt: now, solvedAt: before.solvedAt ?? now } : {}),
      ...(to === "pending" && !before.slaPausedAt ? { slaPausedAt: now } : {}),
      ...(leavingPause ? { slaPausedAt: null, pendingSeconds, resolutionDueAt } : {}),
      reopenCount,
      ...(resolving
        ? {
            firstContactResolution: before.agentReplyCount === 1 && reopenCount === 0,
            handleSeconds: Math.max(0, Math.round((now.getTime() - before.createdAt.getTime()) / 1000) - pendingSeconds),
          }
        : {}),
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
