"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useI18n } from "@/components/i18n/i18n-provider";
import { withListRange } from "@/lib/list-range";
import { useListRange } from "./use-list-range";

/**
 * The list's time window (lib/list-range.ts) as a removable chip: "Created 20 Nov 00:00 – 27 Nov 00:00 ×".
 * Renders nothing when the URL carries no valid window. `field` names what the window filters on (message key
 * of the `table.rangeField` group: created, received, opened, sent, found, resolved, breached).
 */
export function RangeChip({ field }: { field: "created" | "received" | "opened" | "sent" | "found" | "resolved" | "breached" }) {
  const { t, dateTime } = useI18n();
  const pathname = usePathname();
  const search = useSearchParams();
  const { range } = useListRange();
  if (!range) return null;
  const clear = withListRange(`${pathname}?${search?.toString() ?? ""}`, null);
  const label = t("table.range", { field: t(`table.rangeField.${field}`), from: dateTime(range.from), to: dateTime(range.to) });
  return (
    <span className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pl-2.5 pr-1 text-xs font-medium text-indigo-800 ring-1 ring-inset ring-indigo-600/20" data-testid="range-chip">
      {label}
      <Link href={clear} aria-label={t("table.clearRange")} className="rounded-full px-1.5 text-indigo-600 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-600">
        ×
      </Link>
    </span>
  );
}
