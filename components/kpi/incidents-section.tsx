"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { SeverityBadge } from "@/components/alerts/alert-badges";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { formatDuration } from "@/lib/duration";
import type { IncidentKpis } from "@/lib/kpi";
import { CategoryChart } from "./category-chart";
import { ChartCard } from "./chart-card";
import { FigureCard, FigureGrid, type FigureSpec } from "./figure-card";
import { useKpi } from "./kpi-context";
import { KpiSection } from "./kpi-section";
import { PALETTE } from "./time-chart";

const dur = (s: number | null) => (s === null ? "—" : formatDuration(Math.round(s * 1000)));

export function IncidentsSection() {
  const { t, format, dateTime } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const { params, input, fileStem, link, inRange } = useKpi();
  const canIncidents = link("incidents", "/") !== undefined;
  const q = useQuery(trpc.kpi.incidents.queryOptions(input));
  const d = q.data;
  const s = (k: string) => t(`kpi.series.${k}` as "kpi.series.time");
  const items = d?.items ?? [];

  const figures: FigureSpec[] = [
    { key: "count", label: t("kpi.figures.count"), kind: "count", direction: "down", href: inRange("incidents", "/incidents?status=all") },
    { key: "detectMedianS", label: t("kpi.figures.detectMedianS"), kind: "seconds", direction: "down" },
    { key: "ackMedianS", label: t("kpi.figures.ackMedianS"), kind: "seconds", direction: "down" },
    { key: "resolveMedianS", label: t("kpi.figures.incidentResolveMedianS"), kind: "seconds", direction: "down" },
    { key: "usersNotified", label: t("kpi.figures.usersNotified"), kind: "count", direction: "neutral", href: inRange("notices", "/user-notices") },
  ];
  // Minutes read better than seconds on an axis shared by a 2-minute detection and a 70-minute recovery.
  const rows = items.map((i) => ({ key: String(i.id), label: i.title.length > 14 ? `#${i.id} ${i.title.slice(0, 13)}…` : `#${i.id} ${i.title}`, detect: (i.detectS ?? 0) / 60, ack: (i.ackS ?? 0) / 60, resolve: (i.resolveS ?? 0) / 60 }));

  return (
    <KpiSection id="incidents" title={t("kpi.sections.incidents.title")} hint={t("kpi.sections.incidents.hint")}>
      <FigureGrid label={t("kpi.sections.incidents.title")}>
        {figures.map((f) => (
          <FigureCard key={f.key} spec={f} figure={d?.figures[f.key as keyof IncidentKpis["figures"]]} compare={params.compare} />
        ))}
      </FigureGrid>
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          id="incidents"
          title={t("kpi.charts.incidents")}
          query={q}
          empty={items.length === 0}
          href={inRange("incidents", "/incidents?status=all")}
          fileName={`${fileStem}-incidents.csv`}
          csv={() => ({
            header: [s("incident"), s("severity"), s("provider"), s("openedAt"), s("detectS"), s("ackS"), s("resolveS"), s("usersNotified")],
            rows: items.map((i) => [`#${i.id} ${i.title}`, i.severity, i.provider, dateTime(i.openedAt), i.detectS, i.ackS, i.resolveS, i.usersNotified]),
          })}
        >
          <CategoryChart
            title={t("kpi.charts.incidents")}
            rows={rows}
            stacked={false}
            format={(v) => formatDuration(Math.round(v * 60_000))}
            series={[
              { key: "detect", label: s("detect"), color: PALETTE.secondary },
              { key: "ack", label: s("ack"), color: PALETTE.primary },
              { key: "resolve", label: s("resolve"), color: PALETTE.tertiary },
            ]}
            onPick={canIncidents ? (row) => router.push(`/incidents/${row.key}`) : undefined}
          />
        </ChartCard>
        <section aria-labelledby="kpi-incident-table" className="min-w-0 rounded-lg bg-white shadow-xs ring-1 ring-slate-200 break-inside-avoid">
          <header className="border-b border-slate-100 px-4 py-2">
            <h3 id="kpi-incident-table" className="text-sm font-semibold text-slate-900">
              {t("kpi.incidents.table")}
            </h3>
          </header>
          {items.length === 0 ? (
            <p className="px-4 py-12 text-center text-sm text-slate-600">{q.isPending ? t("common.loading") : t("kpi.incidents.none")}</p>
          ) : (
            <div className="max-h-80 overflow-auto">
              <table className="w-full text-sm">
                <thead className="sticky top-0 bg-slate-50 text-left text-xs text-slate-500">
                  <tr>
                    <th className="px-3 py-1.5 font-medium">{s("incident")}</th>
                    <th className="px-3 py-1.5 font-medium">{s("openedAt")}</th>
                    <th className="px-3 py-1.5 text-right font-medium">{s("detect")}</th>
                    <th className="px-3 py-1.5 text-right font-medium">{s("ack")}</th>
                    <th className="px-3 py-1.5 text-right font-medium">{s("resolve")}</th>
                    <th className="px-3 py-1.5 text-right font-medium">{s("usersNotified")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {items.map((i) => (
                    <tr key={i.id} className="hover:bg-slate-50">
                      <td className="px-3 py-1.5">
                        <div className="flex items-center gap-2">
                          <SeverityBadge severity={i.severity as "critical"} />
                          <Link href={`/incidents/${i.id}`} className="text-indigo-700 hover:underline">
                            #{i.id} {i.title}
                          </Link>
                        </div>
                        <div className="text-xs text-slate-500">{t(`provider.${i.provider}` as "provider.alipay")}</div>
                      </td>
                      <td className="px-3 py-1.5 text-xs whitespace-nowrap text-slate-600 tabular-nums">{dateTime(i.openedAt)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{dur(i.detectS)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{dur(i.ackS)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{i.resolveS === null ? t("kpi.incidents.open") : dur(i.resolveS)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{format.number(i.usersNotified)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </KpiSection>
  );
}
