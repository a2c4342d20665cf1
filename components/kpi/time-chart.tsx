"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type ActiveDotProps } from "recharts";
import { useI18n } from "@/components/i18n/i18n-provider";
import type { KpiBucket } from "@/lib/kpi";
import { axisLabel, bucketLabel } from "./kpi-format";

export type ChartRow = { ts: number } & Record<string, number | string | null>;

export interface SeriesSpec {
  key: string;
  label: string;
  kind: "bar" | "line";
  color: string;
  /** Bars sharing a stack id are stacked. */
  stack?: string;
  dashed?: boolean;
  /** The right-hand axis (a rate next to counts, a baseline in another unit). */
  right?: boolean;
}

/** Colours readable on white and for the common colour-vision deficiencies (blue / orange / teal / purple / grey). */
export const PALETTE = { primary: "#4f46e5", secondary: "#f59e0b", tertiary: "#0d9488", quaternary: "#9333ea", muted: "#94a3b8", bad: "#e11d48", good: "#059669" } as const;
export const PROVIDER_COLORS: Record<string, string> = { alipay: "#1677ff", wechatpay: "#07a35a", stripe: "#635bff", sandbox: "#94a3b8" };

/**
 * A time series chart over the dashboard's buckets: bars and lines on a shared time axis (business-zone
 * wall clock), values formatted per axis, and a click on a bucket handing that row to `onPick` (drill-down).
 * A click on a line's highlighted point also names that line's series (which provider's line was clicked).
 * Decorative for screen readers: the figures above and the CSV carry the same numbers.
 */
export function TimeChart({
  title,
  data,
  series,
  bucket,
  singleDay,
  left,
  right,
  onPick,
  height = "h-64",
}: {
  title: string;
  data: ChartRow[];
  series: SeriesSpec[];
  bucket: KpiBucket;
  singleDay: boolean;
  left: (v: number) => string;
  right?: (v: number) => string;
  onPick?: (row: ChartRow, seriesKey?: string) => void;
  height?: string;
}) {
  const { timeZone } = useI18n();
  const byKey = new Map(series.map((s) => [s.key, s]));
  return (
    <figure aria-label={title} className="px-2 pt-3 pb-1">
      <div className={`${height} w-full ${onPick ? "cursor-pointer" : ""}`} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={data}
            margin={{ top: 8, right: 12, bottom: 0, left: 4 }}
            accessibilityLayer={false}
            onClick={(state) => {
              const i = Number(state?.activeTooltipIndex);
              if (onPick && Number.isInteger(i) && data[i]) onPick(data[i]);
            }}
          >
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="ts" tickFormatter={(v: number) => axisLabel(v, bucket, timeZone, singleDay)} tick={{ fontSize: 11, fill: "#475569" }} minTickGap={20} />
            <YAxis yAxisId="left" tickFormatter={(v: number) => left(v)} tick={{ fontSize: 11, fill: "#475569" }} width={64} />
            {right && <YAxis yAxisId="right" orientation="right" tickFormatter={(v: number) => right(v)} tick={{ fontSize: 11, fill: "#475569" }} width={56} />}
            <Tooltip
              labelFormatter={(v) => bucketLabel(Number(v), bucket, timeZone)}
              formatter={(v, name) => {
                const s = byKey.get(String(name));
                const n = typeof v === "number" ? v : null;
                return [n === null ? "—" : s?.right && right ? right(n) : left(n), s?.label ?? String(name)];
              }}
            />
            <Legend formatter={(name: string) => byKey.get(name)?.label ?? name} wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) =>
              s.kind === "bar" ? (
                <Bar key={s.key} dataKey={s.key} name={s.key} yAxisId={s.right ? "right" : "left"} fill={s.color} stackId={s.stack} isAnimationActive={false} maxBarSize={28} />
              ) : (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.key}
                  yAxisId={s.right ? "right" : "left"}
                  type="linear"
                  stroke={s.color}
                  strokeWidth={s.dashed ? 1.5 : 2}
                  strokeDasharray={s.dashed ? "5 4" : undefined}
                  dot={data.length <= 31 ? { r: 2.5 } : false}
                  activeDot={onPick ? (p: ActiveDotProps) => <PickableDot {...p} seriesKey={s.key} onPick={onPick} /> : { r: 5 }}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ),
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">{title}</figcaption>
    </figure>
  );
}

/**
 * The highlighted point of a line, clickable: the chart's own click only knows the bucket, so the point names its
 * series and stops the click there (one navigation, not two). Recharts draws it on top of the other points.
 */
function PickableDot({ cx, cy, payload, fill, seriesKey, onPick }: ActiveDotProps & { seriesKey: string; onPick: (row: ChartRow, seriesKey?: string) => void }) {
  if (typeof cx !== "number" || typeof cy !== "number") return null;
  return (
    <circle
      cx={cx}
      cy={cy}
      r={6}
      fill={fill}
      stroke="#fff"
      strokeWidth={2}
      className="cursor-pointer"
      data-series={seriesKey}
      onClick={(e) => {
        e.stopPropagation();
        onPick(payload as ChartRow, seriesKey);
      }}
    />
  );
}
