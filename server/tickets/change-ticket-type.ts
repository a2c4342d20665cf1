import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets } from "@/db/schema";
import type { TicketType } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError } from "@/server/lib/errors";
import { appendTicketEvent } from "./append-ticket-event";
import { loadTicketForUpdate } from "./load-ticket";

/** Corrects what a ticket is about (the queue stays: moving it is a transfer). */
export async function changeTicketType(db: Db, id: number, type: TicketType, actor: Actor, now = new Date()): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const before = await loadTicketForUpdate(tx, id);
    if (before.status === "closed") throw new ConflictError("a closed ticket cannot change");
    if (before.type === type) return { id };
    await tx.update(tickets).set({ type, updatedAt: now }).where(eq(tickets.id, id));
    await appendTicketEvent(tx, id, { kind: "type_changed", actor: actor.label, data: { from: before.type, to: type } }, now);
    await writeAudit(tx, actor, { action: "ticket.type", entityType: "ticket", entityId: before.number, before: { type: before.type }, after: { type } });
    return { id };
  });
}
