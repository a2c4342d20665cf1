"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "@/components/i18n/i18n-provider";

export type CategoryRow = { key: string; label: string } & Record<string, number | string>;

/**
 * Horizontal bars per category (ticket topic, discrepancy type), optionally stacked (by risk). A click on a
 * bar hands its row to `onPick` (drill-down). Decorative for screen readers: the CSV carries the numbers.
 */
export function CategoryChart({
  title,
  rows,
  series,
  onPick,
  stacked = true,
  format: formatValue,
}: {
  title: string;
  stacked?: boolean;
  /** Axis and tooltip text of a value (plain numbers by default). */
  format?: (v: number) => string;
  rows: CategoryRow[];
  series: { key: string; label: string; color: string }[];
  onPick?: (row: CategoryRow, seriesKey: string) => void;
}) {
  const { format } = useI18n();
  const byKey = new Map(series.map((s) => [s.key, s.label]));
  const fmt = formatValue ?? ((v: number) => format.number(v));
  const height = Math.max(160, rows.length * (stacked ? 34 : 18 * series.length + 16) + 56);
  return (
    <figure aria-label={title} className="px-2 pt-3 pb-1">
      <div className={`w-full ${onPick ? "cursor-pointer" : ""}`} style={{ height }} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={!formatValue ? false : true} tick={{ fontSize: 11, fill: "#475569" }} tickFormatter={(v: number) => fmt(v)} />
            <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 11, fill: "#334155" }} />
            <Tooltip formatter={(v, name) => [fmt(Number(v)), byKey.get(String(name)) ?? String(name)]} />
            {series.length > 1 && <Legend formatter={(name: string) => byKey.get(name) ?? name} wrapperStyle={{ fontSize: 12 }} />}
            {series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.key}
                stackId={stacked ? "stack" : undefined}
                fill={s.color}
                radius={!stacked || i === series.length - 1 ? [0, 3, 3, 0] : undefined}
                isAnimationActive={false}
                maxBarSize={24}
                onClick={(entry) => onPick?.((entry as unknown as { payload: CategoryRow }).payload, s.key)}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">{title}</figcaption>
    </figure>
  );
}
