"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "@/components/i18n/i18n-provider";
import { EmptyState } from "@/components/ui/states";
import type { ReportData } from "@/lib/reports";

/** Two small charts of the period, day by day (business days): payments with success rate, tickets with complaints. */
export function DailyCharts({ daily }: { daily: ReportData["daily"] }) {
  const { t, format } = useI18n();
  if (daily.length === 0) return <EmptyState title={t("reports.report.noDaily")} />;
  const data = daily.map((d) => ({ ...d, label: d.day.slice(5), rate: d.attempts > 0 ? d.successes / d.attempts : null }));
  const pct = (v: unknown) => format.number(Number(v), { style: "percent", maximumFractionDigits: 1 });
  return (
    <div className="grid gap-4 p-3 md:grid-cols-2 print:grid-cols-2">
      <figure aria-label={`${t("reports.report.dailyAttempts")} / ${t("reports.report.dailySuccess")}`}>
        <div className="h-44" aria-hidden>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
              <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#475569" }} />
              <YAxis yAxisId="n" tick={{ fontSize: 11, fill: "#475569" }} width={48} />
              <YAxis yAxisId="r" orientation="right" domain={[0, 1]} tickFormatter={pct} tick={{ fontSize: 11, fill: "#475569" }} width={44} />
              <Tooltip formatter={(v, name) => (name === t("reports.report.dailySuccess") ? pct(v) : format.number(Number(v)))} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line yAxisId="n" dataKey="attempts" name={t("reports.report.dailyAttempts")} stroke="#4f46e5" dot={false} isAnimationActive={false} />
              <Line yAxisId="r" dataKey="rate" name={t("reports.report.dailySuccess")} stroke="#059669" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure aria-label={`${t("reports.report.dailyTickets")} / ${t("reports.report.dailyComplaints")}`}>
        <div className="h-44" aria-hidden>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
              <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#475569" }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} width={40} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="tickets" name={t("reports.report.dailyTickets")} fill="#6366f1" isAnimationActive={false} />
              <Bar dataKey="complaints" name={t("reports.report.dailyComplaints")} fill="#f59e0b" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <table className="sr-only">
        <caption>{t("reports.report.daily")}</caption>
        <tbody>
          {daily.map((d) => (
            <tr key={d.day}>
              <th>{d.day}</th>
              <td>{d.attempts}</td>
              <td>{d.attempts > 0 ? pct(d.successes / d.attempts) : "—"}</td>
              <td>{d.tickets}</td>
              <td>{d.complaints}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
