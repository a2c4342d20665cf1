"use client";

import { Bar, BarChart, CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "@/components/i18n/i18n-provider";
import type { AlertMetric } from "@/lib/alerts";
import { METRIC_UNIT, toDisplay } from "./rule-form";

export interface BacktestResult {
  days: number;
  fired: number;
  perDay: { day: string; count: number }[];
  series: { minute: Date | string; value: number | null }[];
}

/**
 * The backtest as two charts over the same period: alerts the draft would have fired per day (business
 * time zone, zero days included), and the metric itself with the draft's threshold. The per-day counts are
 * also the figure's accessible name, so a screen reader (and the e2e test) reads what the bars show.
 */
export function BacktestChart({ result, metric, threshold }: { result: BacktestResult; metric: AlertMetric; threshold: number | undefined }) {
  const { t, dateTime } = useI18n();
  const unit = METRIC_UNIT[metric];
  const perDay = result.perDay.map((d) => ({ day: d.day.slice(5), count: d.count }));
  const series = result.series.map((p) => ({ at: dateTime(p.minute).slice(5, 16), value: p.value === null ? null : toDisplay(unit, p.value) }));
  const shownThreshold = threshold === undefined ? undefined : toDisplay(unit, threshold);
  const summary = `${t("alertRules.backtest.perDay")}: ${perDay.map((d) => `${d.day} ${d.count}`).join(", ")}`;
  return (
    <div className="space-y-4">
      <figure role="img" aria-label={summary} data-testid="backtest-per-day" data-total={result.fired} className="h-44">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={perDay} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip formatter={(v) => [String(v), t("alertRules.backtest.count")]} />
            <Bar dataKey="count" fill="#e11d48" radius={[2, 2, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label={t("alertRules.backtest.series", { metric: t(`alerts.metric.${metric}`) })} className="h-40">
        <figcaption className="mb-1 text-xs text-slate-500">
          {t("alertRules.backtest.series", { metric: t(`alerts.metric.${metric}`) })}
          {unit !== "count" && ` (${t(`alertRules.unit.${unit}`)})`}
        </figcaption>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={series} margin={{ top: 4, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="at" tick={{ fontSize: 10 }} minTickGap={40} />
            <YAxis tick={{ fontSize: 11 }} width={48} />
            <Tooltip formatter={(v) => [String(v), t("alertRules.backtest.value")]} />
            <Line type="monotone" dataKey="value" stroke="#4f46e5" dot={false} strokeWidth={1.5} connectNulls={false} isAnimationActive={false} />
            {shownThreshold !== undefined && (
              <ReferenceLine y={shownThreshold} stroke="#e11d48" strokeDasharray="4 3" label={{ value: t("alertRules.backtest.threshold"), fontSize: 10, fill: "#e11d48", position: "insideTopRight" }} />
            )}
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
