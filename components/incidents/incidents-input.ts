import type { Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";

export const INCIDENT_TABS = ["open", "resolved", "all"] as const;
export type IncidentTab = (typeof INCIDENT_TABS)[number];

/** The tab a URL asks for (?status=…), open incidents by default. */
export function incidentTab(status: string | undefined): IncidentTab {
  return (INCIDENT_TABS as readonly string[]).includes(status ?? "") ? (status as IncidentTab) : "open";
}

/** The list input for a UI state; the server page prefetches the first page with the same shape (the window from ?from=&to=). */
export function incidentsInput(s: { status: IncidentTab; cursor?: string; range?: ListRange | null; provider?: Provider | "" }) {
  return { status: s.status, ...(s.range ? { range: s.range } : {}), ...(s.provider ? { provider: s.provider } : {}), cursor: s.cursor, limit: 50 };
}
