import type { OrderStatus, Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";

export type OrdersSort = "createdAt.desc" | "createdAt.asc";

/** The search input for a given UI state; the server page prefetches the first one with the same shape. */
export function ordersInput(s: { q?: string; status?: OrderStatus | ""; provider?: Provider | ""; needsReview?: boolean; range?: ListRange | null; sort?: OrdersSort; cursor?: string }) {
  return {
    q: s.q || undefined,
    status: s.status || undefined,
    provider: s.provider || undefined,
    needsReview: s.needsReview ? true : undefined,
    range: s.range ?? undefined,
    sort: s.sort === "createdAt.asc" ? s.sort : undefined,
    cursor: s.cursor,
    limit: 50,
  };
}
