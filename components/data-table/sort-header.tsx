"use client";

import type { ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";

/** A server-side sort: one key, one direction (what a keyset cursor and an index can follow). */
export interface SortState {
  key: string;
  direction: "asc" | "desc";
}

/** A header that sorts by its key: first click descending (newest/largest first), then toggles. */
export function SortHeader({ sortKey, state, onChange, children }: { sortKey: string; state: SortState; onChange: (next: SortState) => void; children: ReactNode }) {
  const { t } = useI18n();
  const active = state.key === sortKey;
  const next: SortState = { key: sortKey, direction: active && state.direction === "desc" ? "asc" : "desc" };
  return (
    <button type="button" onClick={() => onChange(next)} className="inline-flex items-center gap-1 font-medium hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
      {children}
      <span aria-hidden className={active ? "text-slate-700" : "text-slate-300"}>
        {active && state.direction === "asc" ? "▲" : "▼"}
      </span>
      {active && <span className="sr-only">({state.direction === "asc" ? t("table.sortedAsc") : t("table.sortedDesc")})</span>}
    </button>
  );
}
