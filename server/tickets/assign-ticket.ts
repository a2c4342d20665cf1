import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets, users } from "@/db/schema";
import { holds } from "@/server/auth/permissions";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, ValidationError } from "@/server/lib/errors";
import { appendTicketEvent } from "./append-ticket-event";
import { transitionTicket } from "./change-ticket-status";
import { loadTicketForUpdate } from "./load-ticket";

/**
 * Sets (or clears, with null) the assignee: an active person who may work tickets. As in Zendesk, a new
 * ticket someone takes is open from then on.
 */
export async function assignTicket(db: Db, id: number, assigneeId: string | null, actor: Actor, now = new Date()): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const before = await loadTicketForUpdate(tx, id);
    if (before.status === "closed") throw new ConflictError("a closed ticket cannot change");
    let email: string | null = null;
    if (assigneeId !== null) {
      const [user] = await tx.select({ email: users.email, role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, assigneeId));
      if (!user || user.disabledAt || !holds({ role: user.role }, "ticket.update")) throw new ValidationError("no active person who may work tickets");
      email = user.email;
    }
    if (before.assigneeId === assigneeId) return { id };
    await tx.update(tickets).set({ assigneeId, updatedAt: now }).where(eq(tickets.id, id));
    await appendTicketEvent(tx, id, { kind: "assigned", actor: actor.label, data: { assignee: email, previousAssigneeId: before.assigneeId } }, now);
    await writeAudit(tx, actor, { action: "ticket.assign", entityType: "ticket", entityId: before.number, before: { assigneeId: before.assigneeId }, after: { assigneeId, assignee: email } });
    if (assigneeId !== null && before.status === "new") await transitionTicket(tx, id, "open", actor, now);
    return { id };
  });
}
