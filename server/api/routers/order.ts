import { z } from "zod";
import { ORDER_STATUSES, PROVIDERS, type Role } from "@/lib/enums";
import type { Order } from "@/db/schema";
import { maskPhone, maskPhonesDeep } from "@/server/auth/mask-phone";
import { rolesFor, seesFullPhone } from "@/server/auth/permissions";
import { getOrderDetail } from "@/server/orders/get-order-detail";
import { searchOrders } from "@/server/orders/search-orders";
import { roleProcedure, router } from "../trpc";

const orderNo = z.string().trim().min(1).max(64);

function forRole<T extends Pick<Order, "userPhone">>(order: T, role: Role): T {
  return seesFullPhone(role) ? order : { ...order, userPhone: maskPhone(order.userPhone) };
}

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
      if (seesFullPhone(ctx.user.role)) return { ...detail, phoneMasked: false };
      // Audit rows and job payloads carry copies of the order (e.g. order.create's "after"): mask those too.
      return { ...maskPhonesDeep(detail), order: forRole(detail.order, ctx.user.role), phoneMasked: true };
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
