"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { minorToMajorString } from "@/lib/money";
import type { ServiceKpis } from "@/lib/kpi";
import { CategoryChart } from "./category-chart";
import { ChartCard } from "./chart-card";
import { FigureCard, FigureGrid, type FigureSpec } from "./figure-card";
import { useKpi } from "./kpi-context";
import { bucketLabel, noData, rateOf } from "./kpi-format";
import { KpiSection } from "./kpi-section";
import { PALETTE, TimeChart, type ChartRow } from "./time-chart";

// Refund amounts on the dashboard are the business currency's (the KPI rollup counts CNY refunds only).
const CURRENCY = "CNY";

/** Refund rows (one per bucket and authority level) pivoted to one row per bucket. */
export function refundRows(items: ServiceKpis["refunds"]): ChartRow[] {
  const byTs = new Map<number, ChartRow>();
  for (const r of items) {
    const ts = new Date(r.t).getTime();
    const row = byTs.get(ts) ?? { ts, instant: 0, approved: 0, instantAmountMinor: 0, approvedAmountMinor: 0 };
    row[r.level] = Number(row[r.level] ?? 0) + r.count;
    row[`${r.level}AmountMinor`] = Number(row[`${r.level}AmountMinor`] ?? 0) + r.amountMinor;
    byTs.set(ts, row);
  }
  return [...byTs.values()].sort((a, b) => a.ts - b.ts);
}

export function ServiceSection() {
  const { t, format, timeZone } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const { params, input, fileStem, singleDay, link, inRange, inBucket } = useKpi();
  // Figures and "open list" carry the dashboard's range; a click on a bucket narrows the list to that bucket.
  // Snapshot figures (backlog, approvals pending) are "now" and link to the live queue, unnarrowed.
  const go = (target: "tickets" | "refunds", href: string) =>
    link(target, href) === undefined
      ? undefined
      : (row: ChartRow) => {
          const to = inBucket(target, href, row.ts);
          if (to) router.push(to);
        };
  const q = useQuery(trpc.kpi.service.queryOptions(input));
  const d = q.data;
  const label = (ts: number) => bucketLabel(ts, params.bucket, timeZone);
  const count = (v: number) => format.number(v, { notation: "compact", maximumFractionDigits: 1 });
  const s = (k: string) => t(`kpi.series.${k}` as "kpi.series.time");
  const snapshot = t("kpi.hints.snapshot");

  const figures: FigureSpec[] = [
    { key: "complaints", label: t("kpi.figures.complaints"), kind: "count", direction: "down", href: inRange("tickets", "/tickets?status=all&type=complaint") },
    { key: "complaintRate", label: t("kpi.figures.complaintRate"), kind: "per10k", direction: "down" },
    { key: "ticketsOpened", label: t("kpi.figures.ticketsOpened"), kind: "count", direction: "neutral", href: inRange("tickets", "/tickets?status=all") },
    { key: "ticketsResolved", label: t("kpi.figures.ticketsResolved"), kind: "count", direction: "up", href: inRange("tickets", "/tickets?status=all&on=resolved") },
    { key: "backlog", label: t("kpi.figures.backlog"), kind: "count", direction: "down", href: link("tickets", "/tickets"), hint: snapshot },
    { key: "slaBreaches", label: t("kpi.figures.slaBreaches"), kind: "count", direction: "down", href: inRange("tickets", "/tickets?status=all&on=breached") },
    { key: "firstResponseMedianS", label: t("kpi.figures.firstResponseMedianS"), kind: "seconds", direction: "down" },
    { key: "handleMedianS", label: t("kpi.figures.handleMedianS"), kind: "seconds", direction: "down" },
    { key: "fcrRate", label: t("kpi.figures.fcrRate"), kind: "rate", direction: "up" },
    { key: "refundCount", label: t("kpi.figures.refundCount"), kind: "count", direction: "down", href: inRange("refunds", "/refunds?tab=all") },
    { key: "refundAmountMinor", label: t("kpi.figures.refundAmountMinor"), kind: "money", direction: "down", currency: CURRENCY, href: inRange("refunds", "/refunds?tab=all") },
    { key: "approvalsPending", label: t("kpi.figures.approvalsPending"), kind: "count", direction: "down", href: link("refunds", "/refunds?tab=pending_approval"), hint: snapshot },
  ];

  const complaints: ChartRow[] = (d?.complaints ?? []).map((c) => {
    const rate = rateOf(c.complaints, c.attempts);
    return { ts: new Date(c.t).getTime(), complaints: c.complaints, attempts: c.attempts, per10k: rate === null ? null : rate * 10_000 };
  });
  const tickets: ChartRow[] = (d?.tickets ?? []).map((x) => ({ ts: new Date(x.t).getTime(), opened: x.opened, resolved: x.resolved, backlog: x.backlog }));
  const sla: ChartRow[] = (d?.sla ?? []).map((x) => ({ ts: new Date(x.t).getTime(), breaches: x.breaches }));
  const refunds = refundRows(d?.refunds ?? []);
  const topics = (d?.topics ?? []).map((x) => ({ key: x.type, label: t(`tickets.type.${x.type}` as "tickets.type.other"), count: x.count }));

  return (
    <KpiSection id="service" title={t("kpi.sections.service.title")} hint={t("kpi.sections.service.hint")}>
      <FigureGrid label={t("kpi.sections.service.title")}>
        {figures.map((f) => (
          <FigureCard key={f.key} spec={f} figure={d?.figures[f.key as keyof ServiceKpis["figures"]]} compare={params.compare} />
        ))}
      </FigureGrid>
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          id="complaints"
          title={t("kpi.charts.complaints")}
          query={q}
          empty={noData(complaints, ["complaints", "per10k"])}
          href={inRange("tickets", "/tickets?status=all&type=complaint")}
          fileName={`${fileStem}-complaints.csv`}
          csv={() => ({ header: [s("time"), s("complaints"), s("attempts"), s("complaintRate")], rows: complaints.map((c) => [label(c.ts), c.complaints, c.attempts, c.per10k === null ? null : Number(c.per10k).toFixed(2)]) })}
        >
          <TimeChart
            title={t("kpi.charts.complaints")}
            data={complaints}
            bucket={params.bucket}
            singleDay={singleDay}
            left={count}
            right={(v) => format.number(v, { maximumFractionDigits: 1 })}
            series={[
              { key: "complaints", label: s("complaints"), kind: "bar", color: PALETTE.secondary },
              { key: "per10k", label: s("complaintRate"), kind: "line", color: PALETTE.bad, right: true },
            ]}
            onPick={go("tickets", "/tickets?status=all&type=complaint")}
          />
        </ChartCard>
        <ChartCard
          id="tickets"
          title={t("kpi.charts.tickets")}
          query={q}
          empty={noData(tickets, ["opened", "resolved", "backlog"])}
          href={inRange("tickets", "/tickets?status=all")}
          fileName={`${fileStem}-tickets.csv`}
          csv={() => ({ header: [s("time"), s("opened"), s("resolved"), s("backlog")], rows: tickets.map((x) => [label(x.ts), x.opened, x.resolved, x.backlog]) })}
        >
          <TimeChart
            title={t("kpi.charts.tickets")}
            data={tickets}
            bucket={params.bucket}
            singleDay={singleDay}
            left={count}
            series={[
              { key: "opened", label: s("opened"), kind: "bar", color: PALETTE.primary },
              { key: "resolved", label: s("resolved"), kind: "bar", color: PALETTE.good },
              { key: "backlog", label: s("backlog"), kind: "line", color: PALETTE.bad },
            ]}
            onPick={go("tickets", "/tickets?status=all")}
          />
        </ChartCard>
        <ChartCard
          id="sla"
          title={t("kpi.charts.sla")}
          query={q}
          empty={noData(sla, ["breaches"])}
          href={inRange("tickets", "/tickets?status=all&on=breached")}
          fileName={`${fileStem}-sla-breaches.csv`}
          csv={() => ({ header: [s("time"), s("breaches")], rows: sla.map((x) => [label(x.ts), x.breaches]) })}
        >
          <TimeChart
            title={t("kpi.charts.sla")}
            data={sla}
            bucket={params.bucket}
            singleDay={singleDay}
            left={count}
            series={[{ key: "breaches", label: s("breaches"), kind: "bar", color: PALETTE.bad }]}
            onPick={go("tickets", "/tickets?status=all&on=breached")}
          />
        </ChartCard>
        <ChartCard
          id="refunds"
          title={t("kpi.charts.refunds")}
          query={q}
          empty={noData(refunds, ["instant", "approved"])}
          href={inRange("refunds", "/refunds?tab=all")}
          fileName={`${fileStem}-refunds.csv`}
          csv={() => ({
            header: [s("time"), s("level"), s("count"), s("refundAmount"), s("currency")],
            rows: (d?.refunds ?? []).map((r) => [label(new Date(r.t).getTime()), s(r.level), r.count, minorToMajorString(r.amountMinor, CURRENCY), CURRENCY]),
          })}
        >
          <TimeChart
            title={t("kpi.charts.refunds")}
            data={refunds}
            bucket={params.bucket}
            singleDay={singleDay}
            left={count}
            series={[
              { key: "instant", label: s("instant"), kind: "bar", color: PALETTE.tertiary, stack: "level" },
              { key: "approved", label: s("approved"), kind: "bar", color: PALETTE.quaternary, stack: "level" },
            ]}
            onPick={go("refunds", "/refunds?tab=all")}
          />
        </ChartCard>
        <ChartCard
          id="topics"
          title={t("kpi.charts.topics")}
          query={q}
          empty={topics.length === 0}
          href={inRange("tickets", "/tickets?status=all")}
          wide
          fileName={`${fileStem}-topics.csv`}
          csv={() => ({ header: [s("type"), s("count")], rows: topics.map((x) => [x.label, x.count]) })}
        >
          <CategoryChart
            title={t("kpi.charts.topics")}
            rows={topics}
            series={[{ key: "count", label: s("count"), color: PALETTE.primary }]}
            onPick={
              link("tickets", "/") === undefined
                ? undefined
                : (row) => {
                    const to = inRange("tickets", `/tickets?status=all&type=${row.key}`);
                    if (to) router.push(to);
                  }
            }
          />
        </ChartCard>
      </div>
    </KpiSection>
  );
}
