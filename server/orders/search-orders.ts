import "server-only";
import { and, eq, getTableColumns, gte, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { OrderStatus, Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";
import { orders, type Order } from "@/db/schema";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";

export interface SearchOrdersInput {
  /** Order number, provider transaction id or user phone; exact match (each has its own index). */
  q?: string;
  status?: OrderStatus;
  provider?: Provider;
  needsReview?: boolean;
  /** Created in [from, to) (the KPI drill-down); a range on the (…, created_at, id) index the other filters use. */
  range?: ListRange;
  /** Newest first (the default) or oldest first; both follow the same indexes (scanned backwards). */
  sort?: "createdAt.desc" | "createdAt.asc";
  /** Opaque keyset cursor from the previous page's nextCursor. */
  cursor?: string;
  limit?: number;
}

export type SearchOrdersResult = KeysetPage<Order>;

// Every filter combination the console offers has an index ending in (created_at, id): see db/schema/orders.ts.
export const ordersNewestFirst: KeysetSort = {
  name: "orders.created",
  keys: [
    { expr: orders.createdAt, kind: "timestamptz" },
    { expr: orders.id, kind: "uuid" },
  ],
  direction: "desc",
};
export const ordersOldestFirst: KeysetSort = { ...ordersNewestFirst, name: "orders.created.asc", direction: "asc" };

/** Console order search, newest first, keyset-paginated so deep pages cost the same as the first. */
export async function searchOrders(db: Db, input: SearchOrdersInput): Promise<SearchOrdersResult> {
  const q = input.q?.trim();
  const phone = q?.replace(/[\s-]/g, "");
  const conditions: (SQL | undefined)[] = [
    q
      ? or(
          eq(orders.orderNo, q),
          eq(orders.providerTransactionId, q),
          eq(orders.userPhone, q),
          phone && phone !== q ? eq(orders.userPhone, phone) : undefined,
        )
      : undefined,
    input.status ? eq(orders.status, input.status) : undefined,
    input.provider ? eq(orders.provider, input.provider) : undefined,
    // Only "needs review" is a console filter (a partial index); false would be nearly every order.
    input.needsReview !== undefined ? eq(orders.needsReview, input.needsReview) : undefined,
    input.range ? gte(orders.createdAt, input.range.from) : undefined,
    input.range ? lt(orders.createdAt, input.range.to) : undefined,
  ];
  const ks = keyset(input.sort === "createdAt.asc" ? ordersOldestFirst : ordersNewestFirst, input.cursor, input.limit);
  const rows = await db
    .select({ ...getTableColumns(orders), ...ks.select })
    .from(orders)
    .where(and(...conditions, ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  return ks.page(rows);
}
