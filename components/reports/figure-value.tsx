"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { formatFigureValue, trendOf, type ReportFigure } from "@/lib/reports";

const TREND_CLASS = { better: "text-emerald-700", worse: "text-rose-700", same: "text-slate-500", none: "text-slate-400" } as const;

/** A figure's value with its change against the previous period: arrow up/down, green when better, red when worse. */
export function FigureDelta({ figure, currency }: { figure: ReportFigure; currency: string }) {
  const { t, locale, money } = useI18n();
  const { delta, trend } = trendOf(figure);
  if (delta === null) return <span className={TREND_CLASS.none}>—</span>;
  const arrow = delta > 0 ? "▲" : delta < 0 ? "▼" : "＝";
  const magnitude = formatFigureValue(figure.unit === "rate" ? "rate" : figure.unit, Math.abs(delta), locale, currency, (m, c) => money(m, c));
  const word = trend === "better" ? t("reports.table.better") : trend === "worse" ? t("reports.table.worse") : t("reports.table.same");
  return (
    <span className={`tabular-nums ${TREND_CLASS[trend]}`}>
      <span aria-hidden>{arrow}</span> {delta === 0 ? "" : magnitude} <span className="sr-only">({word})</span>
    </span>
  );
}

export function useFigureText() {
  const { locale, money } = useI18n();
  return (unit: ReportFigure["unit"], value: number | null, currency: string) => formatFigureValue(unit, value, locale, currency, (m, c) => money(m, c));
}
