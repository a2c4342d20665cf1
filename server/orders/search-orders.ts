import "server-only";
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { OrderStatus, Provider } from "@/lib/enums";
import { orders, type Order } from "@/db/schema";

export interface SearchOrdersInput {
  /** Order number, provider transaction id or user phone; exact match (each has its own index). */
  q?: string;
  status?: OrderStatus;
  provider?: Provider;
  needsReview?: boolean;
  /** Keyset cursor: the last row of the previous page. */
  cursor?: { createdAt: Date; id: string };
  limit?: number;
}

export interface SearchOrdersResult {
  items: Order[];
  nextCursor: { createdAt: Date; id: string } | null;
}

/** Console order search, newest first, keyset-paginated so deep pages cost the same as the first. */
export async function searchOrders(db: Db, input: SearchOrdersInput): Promise<SearchOrdersResult> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
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
    input.needsReview !== undefined ? eq(orders.needsReview, input.needsReview) : undefined,
    input.cursor
      ? or(
          lt(orders.createdAt, input.cursor.createdAt),
          and(eq(orders.createdAt, input.cursor.createdAt), lt(orders.id, input.cursor.id)),
        )
      : undefined,
  ];
  const rows = await db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}
