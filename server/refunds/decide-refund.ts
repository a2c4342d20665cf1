import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refunds, type Refund } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { holds } from "@/server/auth/permissions";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/server/lib/errors";
import { enqueueRefundExecution } from "./execute-refund";
import { decideAuthority, loadLimit, usedToday } from "./refund-authority";
import { linkRefundToTicket } from "./ticket-link";

export interface DecideRefundInput {
  refundNo: string;
  /** Why: recorded on the refund and in the audit log. */
  reason: string;
}

/**
 * Approve or reject a request waiting for approval. Only someone holding refund.approve, never the
 * requester, and only within the decider's OWN limits (single, and daily including what they already
 * approved today): a senior agent cannot wave through a ¥2,000 refund they could not make themselves.
 * Approval queues the provider call (after commit); rejection frees the reserved amount.
 */
export async function decideRefund(db: Db, actor: Actor, decision: "approve" | "reject", input: DecideRefundInput, now: Date = new Date()): Promise<Refund> {
  if (!actor.id || !holds(actor.role, "refund.approve")) throw new ForbiddenError("you may not approve or reject refunds");
  const reason = input.reason.trim();
  if (reason.length < 2) throw new ValidationError("a reason is required");
  const actorId = actor.id;
  return db.transaction(async (tx) => {
    const [refund] = await tx.select().from(refunds).where(eq(refunds.refundNo, input.refundNo)).for("update");
    if (!refund) throw new NotFoundError("refund not found");
    if (refund.status !== "pending_approval") throw new ConflictError(`this request is already ${refund.status}`, { status: refund.status });
    if (refund.requestedBy === actorId) throw new ForbiddenError("you cannot decide on your own refund request: another approver must", { why: "own_request" });
    const authority = decideAuthority({ limit: await loadLimit(tx, actor.role), amountMinor: refund.amountMinor, currency: refund.currency, usedTodayMinor: await usedToday(tx, actorId, now) });
    if (authority.kind !== "allow") throw new ForbiddenError("this amount is above your own refund limit: someone with a higher limit must decide", { why: "over_own_limit" });
    const to = decision === "approve" ? "approved" : "rejected";
    const [updated] = await tx
      .update(refunds)
      .set({ status: to, decidedBy: actorId, decidedByLabel: actor.label, decidedAt: now, decisionReason: reason, updatedAt: now })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, "pending_approval")))
      .returning();
    if (!updated) throw new ConflictError("someone else decided this request first");
    await writeAudit(tx, actor, {
      action: `refund.${decision}`,
      entityType: "refund",
      entityId: refund.refundNo,
      before: { status: refund.status },
      after: { status: to, reason, amountMinor: refund.amountMinor, currency: refund.currency },
    });
    if (to === "approved") await enqueueRefundExecution(tx, updated);
    await linkRefundToTicket(tx, actor, updated, to, now);
    return updated;
  });
}
