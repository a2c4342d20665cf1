import type { Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";
import { TICKET_RANGE_ON, type SlaState, type TicketPriority, type TicketQueue, type TicketRangeOn, type TicketSource, type TicketType } from "@/lib/tickets";

/** Status tabs: "active" is everything still being worked (new, open, pending user, pending approval). */
export const TICKET_TABS = ["active", "new", "open", "pending", "pending_approval", "solved", "all"] as const;
export type TicketTab = (typeof TICKET_TABS)[number];

/** The tab a URL asks for (?status=…), the active ones by default. */
export function ticketTab(status: string | undefined): TicketTab {
  return (TICKET_TABS as readonly string[]).includes(status ?? "") ? (status as TicketTab) : "active";
}

export interface TicketFilters {
  queue?: TicketQueue;
  type?: TicketType;
  source?: TicketSource;
  priority?: TicketPriority;
  sla?: SlaState;
  assignee: "any" | "mine" | "unassigned";
  sort: "oldest" | "newest";
}

export const NO_FILTERS: TicketFilters = { assignee: "any", sort: "oldest" };

/**
 * The list input for a UI state; the server page prefetches the first page with the same shape. The time window
 * (?from=&to=, lib/list-range.ts) and the provider (?provider=, the KPI dashboard's filter) come from the URL, not
 * from the filters: a saved view pins neither.
 */
export function ticketsInput(s: { status: TicketTab; filters: TicketFilters; cursor?: string; range?: ListRange | null; rangeOn?: TicketRangeOn; provider?: Provider | "" }) {
  return { status: s.status, ...s.filters, ...windowOf(s.range, s.rangeOn), ...(s.provider ? { provider: s.provider } : {}), cursor: s.cursor, limit: 50 };
}

/** ?on= of the URL: which time the window applies to (created unless it says resolved or breached). */
export function ticketRangeOn(on: string | null | undefined): TicketRangeOn {
  return (TICKET_RANGE_ON as readonly string[]).includes(on ?? "") ? (on as TicketRangeOn) : "created";
}

// Keys only when set, so the server's prefetch and the browser's query hash the same input.
function windowOf(range: ListRange | null | undefined, on: TicketRangeOn | undefined) {
  if (!range) return {};
  return on && on !== "created" ? { range, rangeOn: on } : { range };
}

/** The counts input (everything but the status, the sort and the page): the tabs count inside the same window. */
export function countsInput(filters: TicketFilters, range?: ListRange | null, rangeOn?: TicketRangeOn, provider?: Provider | "") {
  const { sort: _sort, ...rest } = filters;
  return { ...rest, ...windowOf(range, rangeOn), ...(provider ? { provider } : {}) };
}

/** A saved view: a status tab and filters. The shared defaults everyone has; people save their own too. */
export interface TicketView {
  status: TicketTab;
  filters: TicketFilters;
}

export const DEFAULT_VIEWS = {
  my_open: { status: "active", filters: { ...NO_FILTERS, assignee: "mine" } },
  unassigned: { status: "active", filters: { ...NO_FILTERS, assignee: "unassigned" } },
  breaching: { status: "active", filters: { ...NO_FILTERS, sla: "at_risk" } },
  pending_approval: { status: "pending_approval", filters: NO_FILTERS },
} as const satisfies Record<string, TicketView>;
export type DefaultView = keyof typeof DEFAULT_VIEWS;

/** A view as the flat string map the server stores (ticket_views.filters). */
export function viewToRecord(v: TicketView): Record<string, string> {
  const out: Record<string, string> = { status: v.status };
  for (const [k, val] of Object.entries(v.filters)) if (typeof val === "string") out[k] = val;
  return out;
}

export function viewFromRecord(r: Record<string, string>): TicketView {
  const { status, ...rest } = r;
  return { status: ticketTab(status), filters: { ...NO_FILTERS, ...(rest as Partial<TicketFilters>) } };
}
