import type { OrderStatus, Provider } from "@/lib/enums";

export type Cursor = { createdAt: Date; id: string };

/** The search input for a given UI state; the server page prefetches the first one with the same shape. */
export function ordersInput(s: { q?: string; status?: OrderStatus | ""; provider?: Provider | ""; needsReview?: boolean; cursor?: Cursor }) {
  return {
    q: s.q || undefined,
    status: s.status || undefined,
    provider: s.provider || undefined,
    needsReview: s.needsReview ? true : undefined,
    cursor: s.cursor,
    limit: 50,
  };
}
