import type { DiscrepancyStatus } from "@/lib/enums";

/** The list input for a given UI state; the server page prefetches the first page with the same shape. */
export function discrepanciesInput(s: { status?: DiscrepancyStatus; cursor?: string }) {
  return { status: s.status ?? "open", cursor: s.cursor, limit: 50 };
}
