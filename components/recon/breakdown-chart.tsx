"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "@/components/i18n/i18n-provider";
import { EmptyState } from "@/components/ui/states";

export interface BreakdownBar {
  key: string;
  label: string;
  count: number;
  amountMinor: number;
}

/**
 * Counts (bars) of one breakdown (by type, by risk) with the amount at stake in the tooltip. The chart is
 * decorative for screen readers; the same numbers are in a table they read (sr-only).
 */
export function BreakdownChart({ title, bars, currency, color = "#4f46e5" }: { title: string; bars: BreakdownBar[]; currency: string; color?: string }) {
  const { t, money, format } = useI18n();
  if (bars.length === 0) return <EmptyState title={t("recon.summary.noDifferences")} />;
  return (
    <figure aria-label={title} className="px-2 pt-3 pb-1">
      <div className="h-56 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} />
            <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 11, fill: "#334155" }} />
            <Tooltip formatter={(v, _n, item) => [`${format.number(Number(v))} · ${money((item.payload as BreakdownBar).amountMinor, currency)}`, t("recon.summary.count")]} />
            <Bar dataKey="count" fill={color} radius={[0, 3, 3, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        {title}
        <table>
          <thead>
            <tr>
              <th>{t("recon.summary.item")}</th>
              <th>{t("recon.summary.count")}</th>
              <th>{t("recon.summary.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.key}>
                <td>{b.label}</td>
                <td>{b.count}</td>
                <td>{money(b.amountMinor, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
