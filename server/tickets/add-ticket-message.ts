import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets } from "@/db/schema";
import { BODY_MAX } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ConflictError, ValidationError } from "@/server/lib/errors";
import { appendTicketEvent } from "./append-ticket-event";
import { transitionTicket } from "./change-ticket-status";
import { loadTicketForUpdate } from "./load-ticket";

export type MessageKind = "reply" | "note";

function checkBody(text: string): string {
  const body = text.trim();
  if (body.length < 1 || body.length > BODY_MAX) throw new ValidationError(`a message has 1 to ${BODY_MAX} characters`);
  return body;
}

/**
 * An agent's public reply or internal note. The first reply stamps firstResponseAt (the KPI of issue 10)
 * and, on a new ticket, opens it; a note changes nothing but the history.
 */
export async function addTicketMessage(db: Db, id: number, kind: MessageKind, text: string, actor: Actor, now = new Date()): Promise<{ id: number }> {
  const body = checkBody(text);
  return db.transaction(async (tx) => {
    const before = await loadTicketForUpdate(tx, id);
    if (before.status === "closed") throw new ConflictError("a closed ticket cannot change");
    await appendTicketEvent(tx, id, { kind, actor: actor.label, public: kind === "reply", body }, now);
    await tx
      .update(tickets)
      .set({
        updatedAt: now,
        ...(kind === "reply" ? { agentReplyCount: sql`${tickets.agentReplyCount} + 1` } : {}),
        ...(kind === "reply" && !before.firstResponseAt ? { firstResponseAt: now } : {}),
      })
      .where(eq(tickets.id, id));
    await writeAudit(tx, actor, { action: `ticket.${kind}`, entityType: "ticket", entityId: before.number, after: { length: body.length } });
    if (kind === "reply" && before.status === "new") await transitionTicket(tx, id, "open", actor, now);
    return { id };
  });
}

/**
 * The requester wrote again (the self-service form on an order with an open ticket): appended to that ticket
 * in the caller's transaction; a ticket waiting on the user (pending) is open again.
 */
export async function appendRequesterMessage(tx: Db, id: number, text: string, actor: Actor, now: Date): Promise<void> {
  const body = checkBody(text);
  const before = await loadTicketForUpdate(tx, id);
  if (before.status === "closed") throw new ConflictError("a closed ticket cannot change");
  await appendTicketEvent(tx, id, { kind: "requester_message", actor: actor.label, public: true, body }, now);
  await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, id));
  await writeAudit(tx, actor, { action: "ticket.requester_message", entityType: "ticket", entityId: before.number, after: { length: body.length } });
  if (before.status === "pending") await transitionTicket(tx, id, "open", actor, now);
}
