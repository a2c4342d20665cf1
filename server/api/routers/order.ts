import "server-only";
import { z } from "zod";
import { ORDER_STATUSES, PROVIDERS } from "@/lib/enums";
import { listRangeInput } from "@/lib/list-range";
import { seesFullPhone } from "@/server/auth/permissions";
import { getOrderDetail, listProblemMessages } from "@/server/orders/get-order-detail";
import { cursorInput } from "@/server/lib/keyset";
import { searchOrders } from "@/server/orders/search-orders";
import { forRole, maskMessage } from "@/server/privacy/present-for-role";
import { procedureFor, router } from "../trpc";

const orderNo = z.string().trim().min(1).max(64);

export const orderRouter = router({
  search: procedureFor("order.read")
    .input(
      z.object({
        q: z.string().trim().max(128).optional(),
        status: z.enum(ORDER_STATUSES).optional(),
        provider: z.enum(PROVIDERS).optional(),
        needsReview: z.boolean().optional(),
        range: listRangeInput.optional(),
        sort: z.enum(["createdAt.desc", "createdAt.asc"]).optional(),
        cursor: cursorInput.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const result = await searchOrders(ctx.db, input);
      return { ...result, items: result.items.map((o) => forRole(o, ctx.user.role)) };
    }),

  get: procedureFor("order.read")
    .input(z.object({ orderNo }))
    .query(async ({ ctx, input }) => {
      const detail = await getOrderDetail(ctx.db, input.orderNo);
      const callbacks = detail.callbacks.map(maskMessage);
      const timeline = detail.timeline.map((i) => (i.kind === "callback" ? { ...i, callback: maskMessage(i.callback) } : i));
      // Audit rows and job payloads carry copies of the order (e.g. order.create's "after"): masked too.
      return { ...forRole({ ...detail, callbacks, timeline }, ctx.user.role), phoneMasked: !seesFullPhone(ctx.user.role) };
    }),

  /** The rejected/malformed messages that name an order: previews, 20 a page, never with the page itself. */
  problemMessages: procedureFor("order.read")
    .input(z.object({ orderNo, cursor: cursorInput.optional() }))
    .query(async ({ ctx, input }) => {
      const page = await listProblemMessages(ctx.db, input.orderNo, input.cursor);
      return forRole({ ...page, items: page.items.map(maskMessage) }, ctx.user.role);
    }),

  queryNow: procedureFor("order.query_provider")
    .input(z.object({ orderNo }))
    .mutation(async ({ ctx, input }) => {
      // Loaded on first use: it pulls in every provider adapter, which searches and page views never need.
      const { queryOrderNow } = await import("@/server/janitor/query-order-now");
      const r = await queryOrderNow(ctx.db, ctx.actor, input.orderNo);
      return { ...r, order: forRole(r.order, ctx.user.role) };
    }),
});
