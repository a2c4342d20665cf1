"use client";

import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { parseListRange, type ListRange } from "@/lib/list-range";

/**
 * The list's time window from the URL (?from=&to=, lib/list-range.ts), stable across renders while the URL's
 * window stays the same, and a `key` that changes with it (for the keyset pager's and the selection's reset).
 * The window lives in the URL only, so <RangeChip>'s × (a link without it) shows everything again.
 */
export function useListRange(): { range: ListRange | null; key: string } {
  const search = useSearchParams();
  const from = search?.get("from") ?? undefined;
  const to = search?.get("to") ?? undefined;
  const range = useMemo(() => parseListRange({ from, to }), [from, to]);
  return { range, key: range ? `${range.from.toISOString()}|${range.to.toISOString()}` : "" };
}
