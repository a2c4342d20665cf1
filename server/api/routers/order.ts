import "server-only";
import { z } from "zod";
import { ORDER_STATUSES, PROVIDERS } from "@/lib/enums";
import { rolesFor, seesFullPhone } from "@/server/auth/permissions";
import { getOrderDetail, listProblemMessages } from "@/server/orders/get-order-detail";
import { searchOrders } from "@/server/orders/search-orders";
import { forRole, maskMessage } from "@/server/privacy/present-for-role";
import { roleProcedure, router } from "../trpc";

const orderNo = z.string().trim().min(1).max(64);

export const orderRouter = router({
  search: roleProcedure(...rolesFor("order.search"))
    .input(
      z.object({
        q: z.string().trim().max(128).optional(),
        status: z.enum(ORDER_STATUSES).optional(),
        provider: z.enum(PROVIDERS).optional(),
        needsReview: z.boolean().optional(),
        cursor: z.object({ createdAt: z.date(), id: z.uuid() }).optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const result = await searchOrders(ctx.db, input);
      return { ...result, items: result.items.map((o) => forRole(o, ctx.user.role)) };
    }),

  get: roleProcedure(...rolesFor("order.get"))
    .input(z.object({ orderNo }))
    .query(async ({ ctx, input }) => {
      const detail = await getOrderDetail(ctx.db, input.orderNo);
      const callbacks = detail.callbacks.map(maskMessage);
      const timeline = detail.timeline.map((i) => (i.kind === "callback" ? { ...i, callback: maskMessage(i.callback) } : i));
      // Audit rows and job payloads carry copies of the order (e.g. order.create's "after"): masked too.
      return { ...forRole({ ...detail, callbacks, timeline }, ctx.user.role), phoneMasked: !seesFullPhone(ctx.user.role) };
    }),

  /** The rejected/malformed messages that name an order: previews, 20 a page, never with the page itself. */
  problemMessages: roleProcedure(...rolesFor("order.problemMessages"))
    .input(z.object({ orderNo, cursor: z.number().int().positive().optional() }))
    .query(async ({ ctx, input }) => {
      const page = await listProblemMessages(ctx.db, input.orderNo, input.cursor);
      return forRole({ ...page, items: page.items.map(maskMessage) }, ctx.user.role);
    }),

  queryNow: roleProcedure(...rolesFor("order.queryNow"))
    .input(z.object({ orderNo }))
    .mutation(async ({ ctx, input }) => {
      // Loaded on first use: it pulls in every provider adapter, which searches and page views never need.
      const { queryOrderNow } = await import("@/server/janitor/query-order-now");
      const r = await queryOrderNow(ctx.db, ctx.actor, input.orderNo);
      return { ...r, order: forRole(r.order, ctx.user.role) };
    }),
});
