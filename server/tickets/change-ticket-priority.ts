import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets } from "@/db/schema";
import type { TicketPriority } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError } from "@/server/lib/errors";
import { appendTicketEvent } from "./append-ticket-event";
import { loadTicketForUpdate } from "./load-ticket";

export async function changeTicketPriority(db: Db, id: number, priority: TicketPriority, actor: Actor, now = new Date()): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const before = await loadTicketForUpdate(tx, id);
    if (before.status === "closed") throw new ConflictError("a closed ticket cannot change");
    if (before.priority === priority) return { id };
    await tx.update(tickets).set({ priority, updatedAt: now }).where(eq(tickets.id, id));
    await appendTicketEvent(tx, id, { kind: "priority_changed", actor: actor.label, data: { from: before.priority, to: priority } }, now);
    await writeAudit(tx, actor, { action: "ticket.priority", entityType: "ticket", entityId: before.number, before: { priority: before.priority }, after: { priority } });
    return { id };
  });
}
