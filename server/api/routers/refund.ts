import "server-only";
import { z } from "zod";
import { PROVIDERS, ROLES } from "@/lib/enums";
import { listRangeInput } from "@/lib/list-range";
import { REFUND_KINDS, REFUND_REASONS } from "@/lib/refunds";
import { cursorInput } from "@/server/lib/keyset";
import { attemptRefundNow } from "@/server/refunds/attempt-refund-now";
import { decideRefund } from "@/server/refunds/decide-refund";
import { getOrderRefunds } from "@/server/refunds/get-order-refunds";
import { listRefunds, REFUND_QUEUES } from "@/server/refunds/list-refunds";
import { listRefundLimits, setRefundLimit } from "@/server/refunds/refund-limits";
import { requestRefund } from "@/server/refunds/request-refund";
import { toRefundView } from "@/server/refunds/refund-view";
import { procedureFor, router } from "../trpc";

const orderNo = z.string().min(1).max(64);
const refundNo = z.string().min(1).max(64);
const minor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const decision = z.object({ refundNo, reason: z.string().trim().min(2).max(500) });

export const refundRouter = router({
  forOrder: procedureFor("refund.read")
    .input(z.object({ orderNo }))
    .query(({ ctx, input }) => getOrderRefunds(ctx.db, ctx.actor, input.orderNo)),

  list: procedureFor("refund.read")
    .input(z.object({ queue: z.enum(REFUND_QUEUES), orderNo: orderNo.optional(), provider: z.enum(PROVIDERS).optional(), range: listRangeInput.optional(), cursor: cursorInput.optional(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => listRefunds(ctx.db, ctx.actor.id, input)),

  // Limits are enforced inside requestRefund whatever the caller: over one, the request waits for approval.
  create: procedureFor("refund.create")
    .input(
      z.object({
        orderNo,
        kind: z.enum(REFUND_KINDS),
        amountMinor: minor.min(1),
        reasonCode: z.enum(REFUND_REASONS),
        note: z.string().trim().max(500).nullish(),
        ticketId: z.number().int().positive().nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => toRefundView(await attemptRefundNow(ctx.db, await requestRefund(ctx.db, ctx.actor, input)), ctx.actor.id)),

  approve: procedureFor("refund.approve")
    .input(decision)
    .mutation(async ({ ctx, input }) => toRefundView(await attemptRefundNow(ctx.db, await decideRefund(ctx.db, ctx.actor, "approve", input)), ctx.actor.id)),

  reject: procedureFor("refund.approve")
    .input(decision)
    .mutation(async ({ ctx, input }) => toRefundView(await decideRefund(ctx.db, ctx.actor, "reject", input), ctx.actor.id)),

  limits: procedureFor("refund.read").query(({ ctx }) => listRefundLimits(ctx.db)),

  setLimit: procedureFor("refund.configure")
    .input(z.object({ role: z.enum(ROLES), singleMaxMinor: minor.nullable(), dailyMaxMinor: minor.nullable() }))
    .mutation(({ ctx, input }) => setRefundLimit(ctx.db, ctx.actor, input)),
});
