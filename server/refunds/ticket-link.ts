import "server-only";
import type { Db } from "@/db/client";
import type { Refund } from "@/db/schema";
import type { Actor } from "@/server/audit/write-audit";
import { ConflictError, NotFoundError } from "@/server/lib/errors";
import { appendTicketEvent } from "@/server/tickets/append-ticket-event";
import { transitionTicket } from "@/server/tickets/change-ticket-status";

/**
 * A refund requested from a ticket and waiting for approval parks the ticket in pending_approval; the
 * decision moves it back to open. Both with a note on the ticket. In the caller's transaction. The ticket
 * being elsewhere (solved meanwhile, already pending approval for another refund) is not a reason to refuse
 * the refund: the note is still written.
 */
export async function linkRefundToTicket(tx: Db, actor: Actor, refund: Refund, event: "waiting" | "approved" | "rejected", now: Date): Promise<void> {
  if (refund.ticketId === null) return;
  const to = event === "waiting" ? "pending_approval" : "open";
  try {
    await transitionTicket(tx, refund.ticketId, to, actor, now);
  } catch (e) {
    // Refused in JS (no SQL error, the transaction stays usable): an unknown ticket gets no note either.
    if (e instanceof NotFoundError) return;
    if (!(e instanceof ConflictError)) throw e;
  }
  await appendTicketEvent(
    tx,
    refund.ticketId,
    {
      kind: "note",
      actor: actor.label,
      body: `refund ${refund.refundNo} (${refund.kind}, ${refund.amountMinor} ${refund.currency}): ${event === "waiting" ? "waiting for approval" : event}`,
      data: { refundNo: refund.refundNo, event, amountMinor: refund.amountMinor, currency: refund.currency },
    },
    now,
  );
}
