"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { cx } from "@/components/ui/cx";
import { formatDuration } from "@/lib/duration";
import type { KpiFigure } from "@/lib/kpi";
import { figureDelta, type Direction, type FigureKind } from "./kpi-format";

export interface FigureSpec {
  key: string;
  label: string;
  kind: FigureKind | "per10k";
  direction: Direction;
  currency?: string;
  hint?: ReactNode;
  /** The list behind the figure (drill-down). */
  href?: string;
}

/** A figure's value as text in the active locale ("97.12%", "¥1,234.50", "3.2m"); "—" when there is nothing to measure. */
export function useFigureText() {
  const { format, money } = useI18n();
  return (v: number | null | undefined, kind: FigureSpec["kind"], currency?: string): string => {
    if (v === null || v === undefined || !Number.isFinite(v)) return "—";
    switch (kind) {
      case "rate":
        return format.number(v, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 2 });
      case "per10k":
        return format.number(v * 10_000, { maximumFractionDigits: 2 });
      case "money":
        return money(Math.round(v), currency ?? "CNY");
      case "seconds":
        return formatDuration(Math.round(v * 1000));
      case "ms":
        return formatDuration(Math.round(v));
      default:
        return format.number(v, { maximumFractionDigits: 1 });
    }
  };
}

const TONE = { better: "bg-emerald-50 text-emerald-700 ring-emerald-200", worse: "bg-rose-50 text-rose-700 ring-rose-200", same: "bg-slate-50 text-slate-600 ring-slate-200", none: "bg-slate-50 text-slate-600 ring-slate-200" } as const;

/**
 * One headline figure: the value, the previous period's value and the change, with an arrow whose colour
 * says whether the change is good news for this KPI (a falling delay is green, a falling success rate red).
 */
export function FigureCard({ spec, figure, compare }: { spec: FigureSpec; figure: KpiFigure | undefined; compare: boolean }) {
  const { t, format } = useI18n();
  const text = useFigureText();
  const f = figure ?? { value: null, previous: null };
  const kind = spec.kind === "per10k" ? "rate" : spec.kind;
  const value = text(f.value, spec.kind, spec.currency);
  const d = figureDelta(f, kind, spec.direction);
  const sign = (n: number) => (n > 0 ? "+" : n < 0 ? "−" : "±");
  let change: string | null = null;
  if (spec.kind === "rate" && d.points !== null) change = t("kpi.delta.points", { sign: sign(d.points), value: format.number(Math.abs(d.points), { maximumFractionDigits: 2 }) });
  else if (spec.kind === "per10k" && d.diff !== null) change = `${sign(d.diff)}${format.number(Math.abs(d.diff * 10_000), { maximumFractionDigits: 2 })}`;
  else if (d.ratio !== null) change = t("kpi.delta.percent", { sign: sign(d.ratio), value: format.number(Math.abs(d.ratio * 100), { maximumFractionDigits: 1 }) });
  else if (d.diff !== null && d.diff !== 0) change = `${sign(d.diff)}${text(Math.abs(d.diff), spec.kind, spec.currency)}`;
  const arrow = d.diff === null || d.trend === "same" ? "→" : d.diff > 0 ? "↑" : "↓";
  const srTrend = d.trend === "better" ? t("kpi.delta.better") : d.trend === "worse" ? t("kpi.delta.worse") : d.trend === "same" ? t("kpi.delta.same") : t("kpi.delta.changed");

  const body = (
    <>
      <div className="flex items-start justify-between gap-2">
        <span className="text-xs leading-tight font-medium text-slate-500">{spec.label}</span>
      </div>
      <div className={cx("mt-1 font-semibold tracking-tight whitespace-nowrap text-slate-900 tabular-nums", value.length > 10 ? "text-xl" : "text-2xl")} data-testid={`kpi-figure-${spec.key}`}>
        {value}
      </div>
      <div className="mt-1 flex min-h-5 flex-wrap items-center gap-x-2 gap-y-1 text-xs">
        {compare && change && (
          <span className={cx("inline-flex items-center gap-0.5 rounded px-1.5 py-0.5 font-medium tabular-nums ring-1 ring-inset", TONE[d.trend])}>
            <span aria-hidden>{arrow}</span>
            {change}
            <span className="sr-only">{srTrend}</span>
          </span>
        )}
        {compare && (
          <span className="text-slate-500 tabular-nums">{f.previous === null ? t("kpi.delta.noPrevious") : t("kpi.delta.previous", { value: text(f.previous, spec.kind, spec.currency) })}</span>
        )}
        {spec.hint && <span className="text-slate-500">{spec.hint}</span>}
      </div>
    </>
  );
  const cls = "block rounded-lg bg-white px-4 py-3 shadow-xs ring-1 ring-slate-200 break-inside-avoid";
  return spec.href ? (
    <Link href={spec.href} className={cx(cls, "transition-shadow hover:ring-indigo-300 focus-visible:outline-2 focus-visible:outline-indigo-600")}>
      {body}
    </Link>
  ) : (
    <div className={cls}>{body}</div>
  );
}

export function FigureGrid({ children, label }: { children: ReactNode; label: string }) {
  return (
    <div role="group" aria-label={label} className="grid grid-cols-[repeat(auto-fill,minmax(12rem,1fr))] gap-3">
      {children}
    </div>
  );
}
