"use client";

import type { ReactNode } from "react";
import { useSearchParams } from "next/navigation";
import { useI18n } from "@/components/i18n/i18n-provider";
import { listFilterActive } from "@/lib/list-range";

type Empty = { title: string; hint?: ReactNode; action?: ReactNode };

/**
 * A list's empty state when the URL narrows it (a time window or a provider, as the KPI dashboard's drill-down
 * passes them): "nothing matches", not the list's "nothing yet", which would tell the reader there is no data
 * at all. Without such a filter the list's own empty state stands.
 */
export function useListEmpty(base: Empty): Empty {
  const search = useSearchParams();
  const { t } = useI18n();
  if (!listFilterActive(search)) return base;
  return { title: t("table.emptyFiltered"), hint: t("table.emptyFilteredHint") };
}
