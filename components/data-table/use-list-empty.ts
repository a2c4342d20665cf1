"use client";

import type { ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import type { Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";

type Empty = { title: string; hint?: ReactNode; action?: ReactNode };

/**
 * A list's empty state when it is narrowed to a time window or a provider (as the KPI dashboard's drill-down
 * opens it, or as the reader chose): "nothing matches", not the list's "nothing yet", which would tell the reader
 * there is no data at all. `applied` is what the list's query was actually given, not the raw URL, so a filter
 * the reader has since cleared does not count. Without either, the list's own empty state stands.
 */
export function useListEmpty(base: Empty, applied: { range: ListRange | null; provider?: Provider | "" }): Empty {
  const { t } = useI18n();
  if (!applied.range && !applied.provider) return base;
  return { title: t("table.emptyFiltered"), hint: t("table.emptyFilteredHint") };
}
