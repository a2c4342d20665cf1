import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, ValidationError } from "@/server/lib/errors";
import { appendTicketEvent } from "./append-ticket-event";
import { transitionTicket } from "./change-ticket-status";
import { loadTicketForUpdate } from "./load-ticket";

/**
 * Merges a duplicate into the ticket that stays: the duplicate closes with a link to the target
 * (mergedIntoId) and both histories say so; the target's page shows the duplicate's messages (get-ticket.ts).
 * Both rows are locked in id order, so two opposite merges at once cannot deadlock or cross.
 */
export async function mergeTickets(db: Db, sourceId: number, targetId: number, actor: Actor, now = new Date()): Promise<{ id: number; into: number }> {
  if (sourceId === targetId) throw new ValidationError("a ticket cannot be merged into itself");
  return db.transaction(async (tx) => {
    const [first, second] = sourceId < targetId ? [sourceId, targetId] : [targetId, sourceId];
    const a = await loadTicketForUpdate(tx, first);
    const b = await loadTicketForUpdate(tx, second);
    const [source, target] = a.id === sourceId ? [a, b] : [b, a];
    if (source.status === "closed" || target.status === "closed") throw new ConflictError("a closed ticket cannot be merged");
    if (target.mergedIntoId) throw new ConflictError("the target was merged into another ticket");
    await tx.update(tickets).set({ mergedIntoId: target.id, updatedAt: now }).where(eq(tickets.id, source.id));
    // tickets merged into the source now belong to the target too (one level: the page reads direct merges)
    await tx.update(tickets).set({ mergedIntoId: target.id, updatedAt: now }).where(eq(tickets.mergedIntoId, source.id));
    await appendTicketEvent(tx, source.id, { kind: "merged_into", actor: actor.label, data: { ticketId: target.id, number: target.number } }, now);
    await appendTicketEvent(tx, target.id, { kind: "merged_from", actor: actor.label, data: { ticketId: source.id, number: source.number } }, now);
    await transitionTicket(tx, source.id, "closed", actor, now);
    await writeAudit(tx, actor, { action: "ticket.merge", entityType: "ticket", entityId: source.number, after: { into: target.number } });
    return { id: source.id, into: target.id };
  });
}
