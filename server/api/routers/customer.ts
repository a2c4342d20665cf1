import "server-only";
import { z } from "zod";
import { REVEAL_REASONS } from "@/lib/customers";
import { seesFullPhone } from "@/server/auth/permissions";
import { findCustomer, listCustomerNotices, listCustomerOrders } from "@/server/customers/find-customer";
import { revealCustomer } from "@/server/customers/reveal-customer";
import { cursorInput } from "@/server/lib/keyset";
import { resendFulfilment } from "@/server/orders/resend-fulfilment";
import { forRole } from "@/server/privacy/present-for-role";
import { procedureFor, router } from "../trpc";

const userId = z.string().trim().min(1).max(128);

export const customerRouter = router({
  /** One box: phone, order no, provider transaction id or user id; the people it names (phones masked per role). */
  find: procedureFor("customer.read")
    .input(z.object({ q: z.string().trim().min(1).max(128) }))
    .query(async ({ ctx, input }) => ({ ...forRole(await findCustomer(ctx.db, input.q), ctx.user.role), phoneMasked: !seesFullPhone(ctx.user.role) })),

  orders: procedureFor("customer.read")
    .input(z.object({ userId, cursor: cursorInput.optional(), limit: z.number().int().min(1).max(50).optional() }))
    .query(async ({ ctx, input }) => forRole(await listCustomerOrders(ctx.db, input), ctx.user.role)),

  notices: procedureFor("customer.read")
    .input(z.object({ userId }))
    .query(({ ctx, input }) => listCustomerNotices(ctx.db, input.userId)),

  /** The person's phone numbers in full, with a reason code and a note; audited. */
  reveal: procedureFor("customer.reveal")
    .input(z.object({ userId, reason: z.enum(REVEAL_REASONS), note: z.string().trim().min(5).max(500) }))
    .mutation(({ ctx, input }) => revealCustomer(ctx.db, ctx.actor, input)),

  /** Re-enqueues a paid order's fulfilment through the job runner; audited. */
  resendFulfilment: procedureFor("order.resend_fulfilment")
    .input(z.object({ orderNo: z.string().trim().min(1).max(64) }))
    .mutation(({ ctx, input }) => resendFulfilment(ctx.db, ctx.actor, input.orderNo)),
});
