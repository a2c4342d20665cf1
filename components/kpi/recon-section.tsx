"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { RISK_LEVELS } from "@/lib/enums";
import { minorToMajorString } from "@/lib/money";
import type { ReconKpis } from "@/lib/kpi";
import { CategoryChart, type CategoryRow } from "./category-chart";
import { ChartCard } from "./chart-card";
import { FigureCard, FigureGrid, type FigureSpec } from "./figure-card";
import { useKpi } from "./kpi-context";
import { bucketLabel, noData, rateOf } from "./kpi-format";
import { startOfDayIn } from "./kpi-params";
import { KpiSection } from "./kpi-section";
import { PALETTE, TimeChart, type ChartRow } from "./time-chart";

// Amounts at risk are the business currency's, as the reconciliation summary shows them.
const CURRENCY = "CNY";
const RISK_COLORS = { high: "#e11d48", medium: "#f59e0b", low: "#94a3b8" } as const;

/** Discrepancy counts per type, one column per risk level, biggest type first. */
export function typeRiskRows(items: ReconKpis["byTypeRisk"], labelOf: (type: string) => string): CategoryRow[] {
  const byType = new Map<string, CategoryRow>();
  for (const i of items) {
    const row = byType.get(i.type) ?? { key: i.type, label: labelOf(i.type), high: 0, medium: 0, low: 0, total: 0 };
    row[i.risk] = Number(row[i.risk]) + i.count;
    row.total = Number(row.total) + i.count;
    byType.set(i.type, row);
  }
  return [...byType.values()].sort((a, b) => Number(b.total) - Number(a.total));
}

export function ReconSection() {
  const { t, format, timeZone } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const { params, input, fileStem, singleDay, link } = useKpi();
  const canDisc = link("discrepancies", "/") !== undefined;
  const q = useQuery(trpc.kpi.recon.queryOptions(input));
  const d = q.data;
  const s = (k: string) => t(`kpi.series.${k}` as "kpi.series.time");
  const count = (v: number) => format.number(v, { notation: "compact", maximumFractionDigits: 1 });
  const pct = (v: number) => format.number(v, { style: "percent", maximumFractionDigits: 2 });
  const prov = params.provider ? `&provider=${params.provider}` : "";
  const range = `from=${params.fromDay}&to=${params.toDay}${prov}`;
  const discHref = (extra: string) => link("discrepancies", `/discrepancies?${extra}${extra ? "&" : ""}${range}`);
  const reconHref = link("discrepancies", `/reconciliation${params.provider ? `?provider=${params.provider}` : ""}`);

  const figures: FigureSpec[] = [
    { key: "matchRate", label: t("kpi.figures.matchRate"), kind: "rate", direction: "up", href: reconHref },
    { key: "discrepancies", label: t("kpi.figures.discrepancies"), kind: "count", direction: "down", href: discHref("status=all") },
    { key: "amountAtRiskMinor", label: t("kpi.figures.amountAtRiskMinor"), kind: "money", direction: "down", currency: CURRENCY, href: discHref("") },
    { key: "autoRepaired", label: t("kpi.figures.autoRepaired"), kind: "count", direction: "up" },
    { key: "manual", label: t("kpi.figures.manual"), kind: "count", direction: "down", href: discHref("status=resolved") },
    { key: "resolveMedianS", label: t("kpi.figures.resolveMedianS"), kind: "seconds", direction: "down" },
    {
      key: "oldestOpenAgeS",
      label: t("kpi.figures.oldestOpenAgeS"),
      kind: "seconds",
      direction: "down",
      href: link("discrepancies", d?.oldestOpen ? `/discrepancies/${d.oldestOpen.id}` : "/discrepancies"),
      hint: d?.oldestOpen ? t("kpi.hints.oldestOpen", { id: d.oldestOpen.id }) : t("kpi.hints.snapshot"),
    },
  ];

  const match: ChartRow[] = (d?.matchRate ?? []).map((m) => ({ ts: startOfDayIn(timeZone, m.day).getTime(), day: m.day, lines: m.lines, matched: m.matched, rate: rateOf(m.matched, m.lines) }));
  const typeRisk = typeRiskRows(d?.byTypeRisk ?? [], (type) => t(`disc.type.${type}` as "disc.type.amount_mismatch"));
  const resolution: ChartRow[] = (d?.resolution ?? []).map((r) => ({ ts: new Date(r.t).getTime(), auto: r.auto, manual: r.manual }));
  const dayOf = (ts: number) => bucketLabel(ts, "day", timeZone);

  return (
    <KpiSection id="recon" title={t("kpi.sections.recon.title")} hint={t("kpi.sections.recon.hint")}>
      <FigureGrid label={t("kpi.sections.recon.title")}>
        {figures.map((f) => (
          <FigureCard key={f.key} spec={f} figure={d?.figures[f.key as keyof ReconKpis["figures"]]} compare={params.compare} />
        ))}
      </FigureGrid>
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          id="matchRate"
          title={t("kpi.charts.matchRate")}
          query={q}
          empty={match.length === 0}
          href={reconHref}
          fileName={`${fileStem}-match-rate.csv`}
          csv={() => ({ header: [s("day"), s("lines"), s("matched"), s("matchRate")], rows: match.map((m) => [String(m.day), m.lines, m.matched, m.rate === null ? null : Number(m.rate).toFixed(4)]) })}
        >
          <TimeChart
            title={t("kpi.charts.matchRate")}
            data={match}
            bucket="day"
            singleDay={false}
            left={pct}
            series={[{ key: "rate", label: s("matchRate"), kind: "line", color: PALETTE.primary }]}
            onPick={canDisc ? (row) => router.push(`/reconciliation?date=${String(row.day)}${prov}`) : undefined}
          />
        </ChartCard>
        <ChartCard
          id="resolution"
          title={t("kpi.charts.resolution")}
          query={q}
          empty={noData(resolution, ["auto", "manual"])}
          href={discHref("status=resolved")}
          fileName={`${fileStem}-resolution.csv`}
          csv={() => ({ header: [s("time"), s("auto"), s("manual")], rows: resolution.map((r) => [bucketLabel(r.ts, params.bucket, timeZone), r.auto, r.manual]) })}
        >
          <TimeChart
            title={t("kpi.charts.resolution")}
            data={resolution}
            bucket={params.bucket}
            singleDay={singleDay}
            left={count}
            series={[
              { key: "auto", label: s("auto"), kind: "bar", color: PALETTE.good, stack: "r" },
              { key: "manual", label: s("manual"), kind: "bar", color: PALETTE.secondary, stack: "r" },
            ]}
            onPick={canDisc ? (row) => router.push(`/discrepancies?status=resolved&from=${dayOf(row.ts)}&to=${dayOf(row.ts)}${prov}`) : undefined}
          />
        </ChartCard>
        <ChartCard
          id="byTypeRisk"
          title={t("kpi.charts.byTypeRisk")}
          query={q}
          empty={typeRisk.length === 0}
          href={discHref("status=all")}
          wide
          fileName={`${fileStem}-discrepancies.csv`}
          csv={() => ({
            header: [s("type"), s("risk"), s("count"), s("amountMajor"), s("currency")],
            rows: (d?.byTypeRisk ?? []).map((x) => [t(`disc.type.${x.type}` as "disc.type.amount_mismatch"), t(`risk.${x.risk}`), x.count, minorToMajorString(x.amountMinor, CURRENCY), CURRENCY]),
          })}
        >
          <CategoryChart
            title={t("kpi.charts.byTypeRisk")}
            rows={typeRisk}
            series={RISK_LEVELS.map((r) => ({ key: r, label: t(`risk.${r}`), color: RISK_COLORS[r] }))}
            onPick={canDisc ? (row, risk) => router.push(`/discrepancies?status=all&type=${row.key}&risk=${risk}&${range}`) : undefined}
          />
        </ChartCard>
      </div>
    </KpiSection>
  );
}
