"use client";

import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "@/components/i18n/i18n-provider";
import { EmptyState } from "@/components/ui/states";
import type { AlertMetric } from "@/lib/alerts";
import { formatMetricValue } from "./metric-value";

export interface MetricPoint {
  minute: Date;
  value: number | null;
  baseline: number | null;
  volume: number;
}

/**
 * The alert's metric against its seasonal baseline around the onset, minute by minute, with the onset
 * marked and the alert's span shaded. Times on the axis are wall-clock times of the business time zone.
 */
export function MetricChart({
  metric,
  series,
  onsetAt,
  endAt,
  title,
}: {
  metric: AlertMetric;
  series: MetricPoint[];
  onsetAt: Date;
  /** Resolution time, or null while it is open (shaded up to the last point). */
  endAt: Date | null;
  title: string;
}) {
  const { t, money, format, timeZone, dateTime } = useI18n();
  const hhmm = useMemo(() => new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }), [timeZone]);
  const data = useMemo(() => series.map((p) => ({ ts: new Date(p.minute).getTime(), value: p.value, baseline: p.baseline, volume: p.volume })), [series]);
  const fmt = (v: number | null | undefined) => formatMetricValue(metric, v, { t, money, number: (n, o) => format.number(n, o as never) });
  if (data.length === 0) return <EmptyState title={t("alerts.detail.chart.empty")} />;

  // A threshold rule has no seasonal baseline: no empty line, no legend entry for it.
  const hasBaseline = data.some((p) => p.baseline !== null);
  const onset = new Date(onsetAt).getTime();
  const last = data[data.length - 1]!.ts;
  const end = endAt ? new Date(endAt).getTime() : last;
  const valueLabel = t("alerts.detail.chart.value");
  const baselineLabel = t("alerts.detail.chart.baseline");
  return (
    <figure aria-label={title} className="px-2 pt-3 pb-1">
      <div className="h-64 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="ts" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(v: number) => hhmm.format(v)} tick={{ fontSize: 11, fill: "#475569" }} minTickGap={24} />
            <YAxis tickFormatter={(v: number) => fmt(v)} tick={{ fontSize: 11, fill: "#475569" }} width={72} />
            <ReferenceArea x1={Math.max(onset, data[0]!.ts)} x2={Math.max(end, onset)} fill="#fecdd3" fillOpacity={0.35} ifOverflow="hidden" />
            <ReferenceLine x={onset} stroke="#e11d48" strokeDasharray="4 3" label={{ value: t("alerts.detail.chart.onset"), position: "insideTopLeft", fontSize: 11, fill: "#be123c" }} ifOverflow="hidden" />
            <Tooltip
              labelFormatter={(v) => dateTime(new Date(Number(v)))}
              formatter={(v, name) => [fmt(typeof v === "number" ? v : null), name === "value" ? valueLabel : baselineLabel]}
            />
            <Legend formatter={(name: string) => (name === "value" ? valueLabel : baselineLabel)} wrapperStyle={{ fontSize: 12 }} />
            {hasBaseline && <Line type="linear" dataKey="baseline" stroke="#94a3b8" strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls />}
            <Line type="linear" dataKey="value" stroke="#4f46e5" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">{title}</figcaption>
    </figure>
  );
}
