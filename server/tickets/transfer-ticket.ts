import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets } from "@/db/schema";
import type { TicketQueue } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError } from "@/server/lib/errors";
import { appendTicketEvent } from "./append-ticket-event";
import { autoAssignTicket } from "./auto-assign-ticket";
import { loadTicketForUpdate } from "./load-ticket";
import { slaDue } from "./sla";
import { loadBusinessCalendar, loadSlaTargets } from "./ticket-settings";

/**
 * Moves a ticket to another queue: the new queue's SLA targets apply (due times counted again from when it
 * was opened), the assignee is released, and the next available agent with the new queue's skill takes it.
 */
export async function transferTicket(db: Db, id: number, queue: TicketQueue, actor: Actor, now = new Date()): Promise<{ id: number; assigneeId: string | null }> {
  return db.transaction(async (tx) => {
    const before = await loadTicketForUpdate(tx, id);
    if (before.status === "closed") throw new ConflictError("a closed ticket cannot change");
    if (before.queue === queue) return { id, assigneeId: before.assigneeId };
    const due = slaDue(before.createdAt, before.priority, await loadSlaTargets(tx, queue), await loadBusinessCalendar(tx));
    await tx
      .update(tickets)
      .set({ queue, assigneeId: null, updatedAt: now, ...(before.firstResponseAt ? { resolutionDueAt: due.resolutionDueAt } : due) })
      .where(eq(tickets.id, id));
    await appendTicketEvent(tx, id, { kind: "queue_changed", actor: actor.label, data: { from: before.queue, to: queue, previousAssigneeId: before.assigneeId } }, now);
    await writeAudit(tx, actor, { action: "ticket.transfer", entityType: "ticket", entityId: before.number, before: { queue: before.queue, assigneeId: before.assigneeId }, after: { queue } });
    const assigneeId = await autoAssignTicket(tx, id, now);
    return { id, assigneeId };
  });
}
