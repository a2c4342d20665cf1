import "server-only";
import { and, eq, gte, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, refunds, type Refund } from "@/db/schema";
import { REFUND_KINDS, REFUND_REASONS, REPEAT_MAX_WITHOUT_APPROVAL, REPEAT_WINDOW_HOURS, newRefundNo, type RefundFlag, type RefundKind, type RefundReason } from "@/lib/refunds";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { holds } from "@/server/auth/permissions";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/server/lib/errors";
import { enqueueRefundExecution } from "./execute-refund";
import { orderRefundTotals } from "./order-refund-totals";
import { decideAuthority, loadLimit, usedToday } from "./refund-authority";
import { linkRefundToTicket } from "./ticket-link";

export interface RequestRefundInput {
  orderNo: string;
  kind: RefundKind;
  amountMinor: number;
  reasonCode: RefundReason;
  note?: string | null;
  ticketId?: number | null;
}

/** Order states a refund (or an alternative) may be asked for: the money was taken. */
const REFUNDABLE_ORDER_STATES = new Set(["PAID", "FULFILLED", "PARTIALLY_REFUNDED"]);

/**
 * The one writer of new refund requests (console dialog, tRPC, demo seed). Decided at once, in one
 * transaction serialised per order (SELECT … FOR UPDATE on the order row, so ten concurrent requests on one
 * order see each other's reservations):
 *   - a money refund never exceeds paid − (succeeded + reserved);
 *   - within the requester's own limits (refund-authority) and not caught by the abuse guard → approved and
 *     queued for the provider call (after commit, in the job runner);
 *   - otherwise pending_approval, flagged with why — never money out, however the procedure was called.
 * Currency is the order's. Audited in the same transaction.
 */
export async function requestRefund(db: Db, actor: Actor, input: RequestRefundInput, now: Date = new Date()): Promise<Refund> {
  if (!actor.id || !holds(actor.role, "refund.create")) throw new ForbiddenError("you may not request refunds");
  if (!REFUND_KINDS.includes(input.kind)) throw new ValidationError("unknown kind");
  if (!REFUND_REASONS.includes(input.reasonCode)) throw new ValidationError("unknown reason");
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw new ValidationError("amount must be a positive whole number of minor units");
  const note = input.note?.trim() || null;
  if (input.reasonCode === "other" && !note) throw new ValidationError("a note is required when the reason is 'other'");
  const actorId = actor.id;

  const created = await db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.orderNo, input.orderNo)).for("update");
    if (!order) throw new NotFoundError("order not found");
    if (!REFUNDABLE_ORDER_STATES.has(order.status)) throw new ConflictError(`a ${order.status} order cannot be refunded`, { status: order.status });
    if (input.kind === "reship" && order.status === "PARTIALLY_REFUNDED") throw new ConflictError("a partially refunded order is not re-shipped");
    const totals = await orderRefundTotals(tx, order.id);
    const refundable = order.amountMinor - totals.refundedMinor - totals.pendingMinor;
    if (input.kind === "refund" && input.amountMinor > refundable) {
      throw new ConflictError(`refund exceeds what is left to refund (${refundable} ${order.currency})`, { refundableMinor: refundable });
    }
    if (input.kind === "reship" && input.amountMinor > order.amountMinor) throw new ValidationError("a re-shipment is valued at most at the order amount");

    const limit = await loadLimit(tx, actor.role);
    const authority = decideAuthority({ limit, amountMinor: input.amountMinor, currency: order.currency, usedTodayMinor: await usedToday(tx, actorId, now) });
    if (authority.kind === "deny") {
      throw new ForbiddenError(authority.why === "currency" ? `your refund limit is in CNY; a ${order.currency} refund needs approval by someone without a limit` : "your role has no refund authority", { why: authority.why });
    }
    const flags: RefundFlag[] = authority.kind === "over_limit" ? [...authority.flags] : [];
    if (await isRepeat(tx, order.userId, order.userPhone, now)) flags.push("repeat_refunds");

    const [refund] = await tx
      .insert(refunds)
      .values({
        refundNo: newRefundNo(now),
        orderId: order.id,
        orderNo: order.orderNo,
        provider: order.provider,
        userId: order.userId,
        userPhone: order.userPhone,
        kind: input.kind,
        amountMinor: input.amountMinor,
        currency: order.currency,
        reasonCode: input.reasonCode,
        note,
        ticketId: input.ticketId ?? null,
        status: flags.length > 0 ? "pending_approval" : "approved",
        flags,
        requestedBy: actorId,
        requestedByLabel: actor.label,
        requestedByRole: actor.role ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!refund) throw new Error("refund insert returned nothing");
    await writeAudit(tx, actor, {
      action: "refund.request",
      entityType: "refund",
      entityId: refund.refundNo,
      after: { orderNo: order.orderNo, kind: refund.kind, amountMinor: refund.amountMinor, currency: refund.currency, reasonCode: refund.reasonCode, status: refund.status, flags },
    });
    if (refund.status === "approved") await enqueueRefundExecution(tx, refund);
    else await linkRefundToTicket(tx, actor, refund, "waiting", now);
    return refund;
  });
  return created;
}

/** Abuse guard: this would be at least the (max+1)-th refund to the same user id or phone inside the window. */
async function isRepeat(tx: Db, userId: string, userPhone: string | null, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - REPEAT_WINDOW_HOURS * 3_600_000);
  const sameUser = userPhone ? or(eq(refunds.userId, userId), eq(refunds.userPhone, userPhone)) : eq(refunds.userId, userId);
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(refunds)
    .where(and(sameUser, gte(refunds.createdAt, since), ne(refunds.status, "rejected")));
  return (row?.n ?? 0) >= REPEAT_MAX_WITHOUT_APPROVAL;
}
