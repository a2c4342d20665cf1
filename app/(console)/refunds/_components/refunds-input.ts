import type { Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";

export const REFUND_TABS = ["pending_approval", "processing", "all"] as const;
export type RefundTab = (typeof REFUND_TABS)[number];

/** The tab a URL asks for (?tab=…), "waiting for approval" by default: the queue approvers work from. */
export function refundTab(tab: string | undefined): RefundTab {
  return (REFUND_TABS as readonly string[]).includes(tab ?? "") ? (tab as RefundTab) : "pending_approval";
}

/** The list input for a UI state; the server page prefetches the first page with the same shape. */
export function refundsInput(s: { queue: RefundTab; range?: ListRange | null; provider?: Provider | ""; cursor?: string }) {
  return { queue: s.queue, range: s.range ?? undefined, ...(s.provider ? { provider: s.provider } : {}), cursor: s.cursor, limit: 50 };
}
