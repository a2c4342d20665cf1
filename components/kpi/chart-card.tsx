"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { ErrorState, EmptyState, LoadingState } from "@/components/ui/states";
import { toCsv } from "./kpi-format";

export interface CsvData {
  header: string[];
  rows: (string | number | null | undefined)[][];
}

/** Saves text as a file from the browser (no server round trip: the data is already on the page). */
export function downloadText(fileName: string, text: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled: revoking at once cancels the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface QueryState {
  isPending: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * One chart of the dashboard: its title, the list behind it, the CSV of exactly the numbers drawn, and the
 * states every chart has (loading, error with retry, empty). `csv` is called on click only.
 */
export function ChartCard({
  id,
  title,
  query,
  empty,
  csv,
  fileName,
  href,
  wide,
  children,
}: {
  id: string;
  title: string;
  query: QueryState;
  empty: boolean;
  csv: () => CsvData;
  fileName: string;
  href?: string;
  wide?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const ready = !query.isPending && !query.error;
  return (
    <section aria-labelledby={`kpi-chart-${id}`} data-testid={`kpi-chart-${id}`} className={`flex min-w-0 flex-col rounded-lg bg-white shadow-xs ring-1 ring-slate-200 break-inside-avoid ${wide ? "lg:col-span-2" : ""}`}>
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2">
        <h3 id={`kpi-chart-${id}`} className="text-sm font-semibold text-slate-900">
          {title}
        </h3>
        <div className="flex items-center gap-1 print:hidden" data-export-hide>
          {href && (
            <Link href={href} className="rounded px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600">
              {t("kpi.actions.openList")}
              <span className="sr-only">{t("kpi.actions.of", { chart: title })}</span>
              <span aria-hidden> →</span>
            </Link>
          )}
          <button
            type="button"
            disabled={!ready || empty}
            onClick={() => {
              const d = csv();
              downloadText(fileName, toCsv(d.header, d.rows));
            }}
            className="rounded px-2 py-1 text-xs font-medium text-slate-600 ring-1 ring-slate-200 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:text-slate-300"
          >
            {t("kpi.actions.csv")}
            <span className="sr-only">{t("kpi.actions.of", { chart: title })}</span>
          </button>
        </div>
      </header>
      <div className="min-h-64 flex-1">
        {query.isPending ? (
          <LoadingState rows={6} />
        ) : query.error ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : empty ? (
          <EmptyState title={t("kpi.empty")} hint={t("kpi.emptyHint")} />
        ) : (
          children
        )}
      </div>
    </section>
  );
}
