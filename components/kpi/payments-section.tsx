"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { PROVIDERS, type Provider } from "@/lib/enums";
import { minorToMajorString } from "@/lib/money";
import type { PaymentKpis } from "@/lib/kpi";
import { ChartCard } from "./chart-card";
import { withProvider } from "./drill-range";
import { FigureCard, FigureGrid, useFigureText, type FigureSpec } from "./figure-card";
import { useKpi } from "./kpi-context";
import { bucketLabel, noData, rateOf } from "./kpi-format";
import { KpiSection } from "./kpi-section";
import { PALETTE, PROVIDER_COLORS, TimeChart, type ChartRow } from "./time-chart";

/** Success rate per provider by bucket: one row per bucket, one column per provider (rate 0..1 or null). */
export function successRows(items: PaymentKpis["successByProvider"]): { rows: ChartRow[]; providers: string[] } {
  const providers = [...new Set(items.map((i) => i.provider))].sort();
  const byTs = new Map<number, ChartRow>();
  for (const i of items) {
    const ts = new Date(i.t).getTime();
    const row = byTs.get(ts) ?? { ts };
    row[i.provider] = rateOf(i.successes, i.attempts);
    byTs.set(ts, row);
  }
  return { rows: [...byTs.values()].sort((a, b) => a.ts - b.ts), providers };
}

export function PaymentsSection() {
  const { t, format, timeZone } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const { params, input, fileStem, singleDay, inRange, inBucket } = useKpi();
  const q = useQuery(trpc.kpi.payments.queryOptions(input));
  const text = useFigureText();
  const d = q.data;
  const currency = d?.currency ?? "CNY";
  // The lists behind the charts (the context adds the dashboard's provider); figures and "open list" carry the whole range.
  const ordersHref = inRange("orders", "/orders");
  const callbacksHref = inRange("callbacks", "/callbacks");
  const label = (ts: number) => bucketLabel(ts, params.bucket, timeZone);
  const pct = (v: number) => format.number(v, { style: "percent", maximumFractionDigits: 1 });
  const count = (v: number) => format.number(v, { notation: "compact", maximumFractionDigits: 1 });
  const major = (v: number) => format.number(Number(minorToMajorString(Math.round(v), currency)), { notation: "compact", maximumFractionDigits: 1 });

  const figures: FigureSpec[] = [
    { key: "successRate", label: t("kpi.figures.successRate"), kind: "rate", direction: "up", href: ordersHref },
    { key: "attempts", label: t("kpi.figures.attempts"), kind: "count", direction: "neutral", href: ordersHref },
    { key: "amountMinor", label: t("kpi.figures.amountMinor"), kind: "money", direction: "up", currency },
    { key: "callbackDelayP50Ms", label: t("kpi.figures.callbackDelayP50Ms"), kind: "ms", direction: "down", href: callbacksHref },
    { key: "callbackDelayP95Ms", label: t("kpi.figures.callbackDelayP95Ms"), kind: "ms", direction: "down", href: callbacksHref },
    { key: "callbackFailureRate", label: t("kpi.figures.callbackFailureRate"), kind: "rate", direction: "down", href: callbacksHref },
    { key: "fixedByQuery", label: t("kpi.figures.fixedByQuery"), kind: "count", direction: "down", hint: t("kpi.hints.fixedByQuery") },
  ];

  const success = successRows(d?.successByProvider ?? []);
  const volume: ChartRow[] = (d?.volume ?? []).map((v) => ({ ts: new Date(v.t).getTime(), attempts: v.attempts, baselineAttempts: v.baselineAttempts, amountMinor: v.amountMinor, baselineAmountMinor: v.baselineAmountMinor }));
  const fixed = new Map((d?.fixedByQuery ?? []).map((f) => [new Date(f.t).getTime(), f.count]));
  const callbacks: ChartRow[] = (d?.callbacks ?? []).map((c) => ({ ts: new Date(c.t).getTime(), callbacks: c.callbacks, failures: c.failures, p50Ms: c.p50Ms, p95Ms: c.p95Ms, fixedByQuery: fixed.get(new Date(c.t).getTime()) ?? 0 }));
  for (const [ts, n] of fixed) if (!callbacks.some((c) => c.ts === ts)) callbacks.push({ ts, callbacks: 0, failures: 0, p50Ms: null, p95Ms: null, fixedByQuery: n });
  callbacks.sort((a, b) => a.ts - b.ts);
  const s = (k: string) => t(`kpi.series.${k}` as "kpi.series.time");
  // A click on a bucket opens its list narrowed to that bucket; on a provider's line, to that provider too.
  const drill = (target: "orders" | "callbacks") =>
    inRange(target, "/") === undefined
      ? undefined
      : (row: ChartRow, seriesKey?: string) => {
          const line = seriesKey && (PROVIDERS as readonly string[]).includes(seriesKey) ? (seriesKey as Provider) : null;
          const href = inBucket(target, withProvider(`/${target}`, line), row.ts);
          if (href) router.push(href);
        };
  const drillOrders = drill("orders");
  const drillCallbacks = drill("callbacks");

  return (
    <KpiSection id="payments" title={t("kpi.sections.payments.title")} hint={t("kpi.sections.payments.hint")}>
      <FigureGrid label={t("kpi.sections.payments.title")}>
        {figures.map((f) => (
          <FigureCard key={f.key} spec={f} figure={d?.figures[f.key as keyof PaymentKpis["figures"]]} compare={params.compare} />
        ))}
      </FigureGrid>
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          id="successByProvider"
          title={t("kpi.charts.successByProvider")}
          query={q}
          empty={success.rows.length === 0}
          href={ordersHref}
          fileName={`${fileStem}-success-rate.csv`}
          csv={() => ({
            header: [s("time"), s("provider"), s("attempts"), s("successes"), s("successRate")],
            rows: (d?.successByProvider ?? []).map((i) => [label(new Date(i.t).getTime()), i.provider, i.attempts, i.successes, i.attempts > 0 ? (i.successes / i.attempts).toFixed(4) : null]),
          })}
        >
          <TimeChart
            title={t("kpi.charts.successByProvider")}
            data={success.rows}
            bucket={params.bucket}
            singleDay={singleDay}
            left={pct}
            series={success.providers.map((p) => ({ key: p, label: t(`provider.${p}` as "provider.alipay"), kind: "line", color: PROVIDER_COLORS[p] ?? PALETTE.muted }))}
            onPick={drillOrders}
          />
        </ChartCard>
        <ChartCard
          id="volume"
          title={t("kpi.charts.volume")}
          query={q}
          empty={noData(volume, ["attempts", "baselineAttempts"])}
          href={ordersHref}
          fileName={`${fileStem}-volume.csv`}
          csv={() => ({
            header: [s("time"), s("attempts"), s("baselineAttempts"), s("amount"), s("baselineAmount"), s("currency")],
            rows: (d?.volume ?? []).map((v) => [
              label(new Date(v.t).getTime()),
              v.attempts,
              v.baselineAttempts === null ? null : Math.round(v.baselineAttempts * 10) / 10,
              minorToMajorString(v.amountMinor, currency),
              v.baselineAmountMinor === null ? null : minorToMajorString(Math.round(v.baselineAmountMinor), currency),
              currency,
            ]),
          })}
        >
          <TimeChart
            title={t("kpi.charts.volume")}
            data={volume}
            bucket={params.bucket}
            singleDay={singleDay}
            left={count}
            series={[
              { key: "attempts", label: s("attempts"), kind: "bar", color: PALETTE.primary },
              { key: "baselineAttempts", label: s("baseline"), kind: "line", color: PALETTE.secondary, dashed: true },
            ]}
            onPick={drillOrders}
          />
        </ChartCard>
        <ChartCard
          id="amount"
          title={t("kpi.charts.amount")}
          query={q}
          empty={noData(volume, ["amountMinor", "baselineAmountMinor"])}
          href={ordersHref}
          fileName={`${fileStem}-amount.csv`}
          csv={() => ({
            header: [s("time"), s("amount"), s("baselineAmount"), s("currency")],
            rows: (d?.volume ?? []).map((v) => [label(new Date(v.t).getTime()), minorToMajorString(v.amountMinor, currency), v.baselineAmountMinor === null ? null : minorToMajorString(Math.round(v.baselineAmountMinor), currency), currency]),
          })}
        >
          <TimeChart
            title={t("kpi.charts.amount")}
            data={volume}
            bucket={params.bucket}
            singleDay={singleDay}
            left={major}
            series={[
              { key: "amountMinor", label: `${s("amount")} (${currency})`, kind: "bar", color: PALETTE.tertiary },
              { key: "baselineAmountMinor", label: s("baseline"), kind: "line", color: PALETTE.secondary, dashed: true },
            ]}
            onPick={drillOrders}
          />
        </ChartCard>
        <ChartCard
          id="callbackDelay"
          title={t("kpi.charts.callbackDelay")}
          query={q}
          empty={callbacks.every((c) => c.p50Ms === null && c.p95Ms === null)}
          href={callbacksHref}
          fileName={`${fileStem}-callback-delay.csv`}
          csv={() => ({ header: [s("time"), s("callbacks"), s("p50Ms"), s("p95Ms")], rows: callbacks.map((c) => [label(c.ts), c.callbacks, c.p50Ms, c.p95Ms]) })}
        >
          <TimeChart
            title={t("kpi.charts.callbackDelay")}
            data={callbacks}
            bucket={params.bucket}
            singleDay={singleDay}
            left={(v) => text(v, "ms")}
            series={[
              { key: "p50Ms", label: s("p50"), kind: "line", color: PALETTE.primary },
              { key: "p95Ms", label: s("p95"), kind: "line", color: PALETTE.bad },
            ]}
            onPick={drillCallbacks}
          />
        </ChartCard>
        <ChartCard
          id="callbacks"
          title={t("kpi.charts.callbacks")}
          query={q}
          empty={noData(callbacks, ["callbacks", "failures", "fixedByQuery"])}
          href={callbacksHref}
          wide
          fileName={`${fileStem}-callback-failures.csv`}
          csv={() => ({
            header: [s("time"), s("callbacks"), s("failures"), s("fixedByQuery")],
            rows: callbacks.map((c) => [label(c.ts), c.callbacks, c.failures, c.fixedByQuery]),
          })}
        >
          <TimeChart
            title={t("kpi.charts.callbacks")}
            data={callbacks}
            bucket={params.bucket}
            singleDay={singleDay}
            left={count}
            height="h-56"
            series={[
              { key: "failures", label: s("failures"), kind: "bar", color: PALETTE.bad },
              { key: "fixedByQuery", label: s("fixedByQuery"), kind: "bar", color: PALETTE.secondary },
            ]}
            onPick={drillCallbacks}
          />
        </ChartCard>
      </div>
    </KpiSection>
  );
}
