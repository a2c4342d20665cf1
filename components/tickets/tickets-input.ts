import type { TicketPriority, TicketQueue, TicketSource } from "@/lib/tickets";

export const TICKET_TABS = ["new", "open", "pending", "solved", "all"] as const;
export type TicketTab = (typeof TICKET_TABS)[number];

/** The tab a URL asks for (?status=…), new tickets by default. */
export function ticketTab(status: string | undefined): TicketTab {
  return (TICKET_TABS as readonly string[]).includes(status ?? "") ? (status as TicketTab) : "new";
}

export interface TicketFilters {
  queue?: TicketQueue;
  source?: TicketSource;
  priority?: TicketPriority;
  assignee: "any" | "mine" | "unassigned";
  sort: "oldest" | "newest";
}

export const NO_FILTERS: TicketFilters = { assignee: "any", sort: "oldest" };

/** The list input for a UI state; the server page prefetches the first page with the same shape. */
export function ticketsInput(s: { status: TicketTab; filters: TicketFilters; cursor?: string }) {
  return { status: s.status, ...s.filters, cursor: s.cursor, limit: 50 };
}
