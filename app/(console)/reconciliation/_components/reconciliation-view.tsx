"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { BreakdownChart } from "@/components/recon/breakdown-chart";
import { UploadPanel } from "@/components/recon/upload-panel";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { PROVIDERS, type Provider } from "@/lib/enums";
import type { AppRouter } from "@/server/api/root";
import { importsInput, summaryInput } from "./recon-input";

type Outputs = inferRouterOutputs<AppRouter>;
type ImportRow = Outputs["recon"]["imports"]["items"][number];
type Summary = Outputs["recon"]["summary"];
type I18n = ReturnType<typeof useI18n>;

function Stat({ label, value, hint, tone, href }: { label: string; value: ReactNode; hint?: ReactNode; tone?: "red" | "amber" | "green"; href?: string }) {
  const body = (
    <>
      <div className="text-xs text-slate-500">{label}</div>
      <div className={cx("mt-0.5 text-2xl font-semibold tabular-nums", tone === "red" ? "text-rose-700" : tone === "amber" ? "text-amber-700" : tone === "green" ? "text-emerald-700" : "text-slate-900")}>{value}</div>
      {hint && <div className="mt-0.5 text-xs text-slate-500">{hint}</div>}
    </>
  );
  const cls = "block rounded-lg bg-white px-4 py-3 shadow-xs ring-1 ring-slate-200";
  return href ? (
    <Link href={href} className={cx(cls, "hover:ring-indigo-300 focus-visible:outline-2 focus-visible:outline-indigo-600")}>
      {body}
    </Link>
  ) : (
    <div className={cls}>{body}</div>
  );
}

function SummaryCards({ s, date, provider }: { s: Summary; date: string; provider?: Provider }) {
  const { t, format } = useI18n();
  const day = `from=${date}&to=${date}${provider ? `&provider=${provider}` : ""}`;
  const pct = s.statementLines > 0 ? format.number(s.matchedRate, { style: "percent", maximumFractionDigits: 2 }) : "—";
  return (
    <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6" role="group" aria-label={t("recon.summary.title")}>
      <Stat label={t("recon.summary.lines")} value={format.number(s.statementLines)} hint={t("recon.summary.imports", { count: s.imports })} />
      <Stat label={t("recon.summary.matchedRate")} value={pct} hint={t("recon.summary.matched", { count: s.matched })} tone={s.statementLines > 0 && s.matched === s.statementLines ? "green" : undefined} />
      <Stat label={t("recon.summary.open")} value={format.number(s.open)} tone={s.open > 0 ? "red" : "green"} href={`/discrepancies?${day}`} />
      <Stat label={t("recon.summary.waiting")} value={format.number(s.waiting)} hint={t("recon.summary.waitingHint")} tone={s.waiting > 0 ? "amber" : undefined} href={`/discrepancies?status=waiting&${day}`} />
      <Stat label={t("recon.summary.repaired")} value={`${format.number(s.autoRepaired)} / ${format.number(s.manual)}`} hint={t("recon.summary.repairedHint")} />
      <Stat label={t("recon.summary.closed")} value={`${format.number(s.open)} / ${format.number(s.closed)}`} hint={t("recon.summary.closedHint")} href={`/discrepancies?status=all&${day}`} />
    </div>
  );
}

function PendingReview() {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.discrepancy.pendingReview.queryOptions({}));
  if (!q.data) return null;
  const { unpaidAfterJanitor, unfulfilled } = q.data;
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 px-4 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
      <span className="font-medium">{t("recon.review.title")}</span>
      <span className="tabular-nums">{t("recon.review.unpaid", { count: format.number(unpaidAfterJanitor) })}</span>
      <span className="tabular-nums">{t("recon.review.unfulfilled", { count: format.number(unfulfilled) })}</span>
      <Link href="/orders?review=1" className="ml-auto text-indigo-700 hover:underline">
        {t("recon.review.open")}
      </Link>
    </div>
  );
}

const STATUS_TONE = { processing: "blue", completed: "green", failed: "red", superseded: "gray" } as const;

function importColumns({ t, dateTime, format }: I18n): ColumnDef<ImportRow>[] {
  return [
    { id: "id", header: "#", meta: { className: "tabular-nums text-xs text-slate-500" }, cell: ({ row }) => row.original.id },
    { id: "provider", header: t("recon.imports.provider"), cell: ({ row }) => t(`provider.${row.original.provider}`) },
    { id: "day", header: t("recon.imports.day"), meta: { className: "tabular-nums" }, cell: ({ row }) => row.original.businessDate ?? "—" },
    { id: "file", header: t("recon.imports.file"), meta: { className: "max-w-56 truncate font-mono text-xs" }, cell: ({ row }) => <span title={row.original.fileName}>{row.original.fileName}</span> },
    { id: "source", header: t("recon.imports.source"), cell: ({ row }) => `${t(`recon.source.${row.original.source}`)} · ${row.original.actorLabel}` },
    {
      id: "status",
      header: t("recon.imports.status"),
      cell: ({ row }) => {
        const r = row.original;
        return (
          <div className="flex min-w-28 flex-col gap-1">
            <Badge tone={STATUS_TONE[r.status]}>{t(`recon.importStatus.${r.status}`)}</Badge>
            {r.status === "processing" && (
              <span className="text-[11px] text-slate-500 tabular-nums" role="status">
                {t("recon.imports.progress", { lines: format.number(r.progressLines) })}
                <span className="mt-0.5 block h-1 w-full overflow-hidden rounded bg-slate-200">
                  <span className="block h-full w-1/3 animate-pulse bg-indigo-500" />
                </span>
              </span>
            )}
            {r.status === "failed" && r.error && <span className="text-[11px] text-rose-700">{r.error}</span>}
          </div>
        );
      },
    },
    {
      id: "counts",
      header: t("recon.imports.counts"),
      meta: { className: "tabular-nums text-xs" },
      cell: ({ row }) => t("recon.imports.countsValue", { lines: row.original.statementLines, matched: row.original.matched, errors: row.original.rowErrorCount }),
    },
    { id: "at", header: t("recon.imports.at"), meta: { className: "tabular-nums text-xs" }, cell: ({ row }) => dateTime(row.original.completedAt ?? row.original.startedAt) },
  ];
}

function Imports({ provider }: { provider?: Provider }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const paging = useKeysetPaging(provider ?? "");
  const list = useQuery({
    ...trpc.recon.imports.queryOptions(importsInput({ provider, cursor: paging.cursor })),
    placeholderData: keepPreviousData,
    // While a file is being loaded, its progress grows: poll until it is done.
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.status === "processing") ? 1000 : false),
  });
  const cols = useMemo(() => importColumns(i18n), [i18n]);
  return (
    <Card title={t("recon.imports.title")}>
      <DataTable
        label={t("recon.imports.title")}
        query={list}
        rows={list.isPlaceholderData ? undefined : list.data?.items}
        columns={cols}
        getRowId={(r) => String(r.id)}
        empty={{ title: t("recon.imports.empty"), hint: t("recon.imports.emptyHint") }}
        paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
      />
    </Card>
  );
}

/**
 * /reconciliation: one statement day at a glance (the same numbers as `npm run recon:report`), the charts by
 * type and risk, orders pending review, the statements imported (with live progress), the upload panel and
 * "pull now".
 */
export function ReconciliationView({ date, provider, canImport }: { date: string; provider?: Provider; canImport: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pullProvider, setPullProvider] = useState<Provider>(provider ?? "sandbox");
  const summary = useQuery({ ...trpc.recon.summary.queryOptions(summaryInput({ date, provider })), placeholderData: keepPreviousData });
  const refresh = () => queryClient.invalidateQueries({ predicate: (q) => JSON.stringify(q.queryKey).includes('"recon"') || JSON.stringify(q.queryKey).includes('"discrepancy"') });
  const pull = useMutation(
    trpc.recon.pullNow.mutationOptions({
      onSuccess: () => {
        toast({ tone: "success", text: t("recon.pull.started") });
        void refresh();
      },
      onError: (e) => toast({ tone: "error", text: t("recon.pull.failed", { message: e.message }) }),
    }),
  );
  const go = (next: { date?: string; provider?: Provider | "" }) => {
    const q = new URLSearchParams({ date: next.date ?? date });
    const p = next.provider === undefined ? provider : next.provider || undefined;
    if (p) q.set("provider", p);
    router.replace(`/reconciliation?${q.toString()}`, { scroll: false });
  };
  const s = summary.data;
  const byType = (s?.byType ?? []).filter((b) => b.count > 0).map((b) => ({ key: b.type, label: t(`disc.type.${b.type}`), count: b.count, amountMinor: b.amountMinor }));
  const byRisk = (s?.byRisk ?? []).filter((b) => b.count > 0).map((b) => ({ key: b.risk, label: t(`risk.${b.risk}`), count: b.count, amountMinor: b.amountMinor }));
  const currency = provider === "stripe" ? "USD" : "CNY";
  const field = "rounded-md border-0 py-1.5 pl-2 text-sm ring-1 ring-slate-300 ring-inset";
  return (
    <>
      <PageHeader
        title={t("recon.title")}
        subtitle={t("recon.subtitle")}
        actions={
          <div className="flex flex-wrap items-end gap-2">
            <label className="flex flex-col gap-1 text-xs text-slate-600">
              {t("recon.day")}
              <input type="date" value={date} onChange={(e) => e.target.value && go({ date: e.target.value })} className={field} />
            </label>
            <label className="flex flex-col gap-1 text-xs text-slate-600">
              {t("recon.provider")}
              <select value={provider ?? ""} onChange={(e) => go({ provider: e.target.value as Provider | "" })} className={cx(field, "pr-8")}>
                <option value="">{t("recon.allProviders")}</option>
                {PROVIDERS.map((p) => (
                  <option key={p} value={p}>{t(`provider.${p}`)}</option>
                ))}
              </select>
            </label>
            <Link href="/discrepancies" className="pb-1.5 text-sm text-indigo-700 hover:underline">
              {t("recon.toWorkbench")}
            </Link>
            <Link href="/reconciliation/rules" className="pb-1.5 text-sm text-indigo-700 hover:underline">
              {t("recon.toRules")}
            </Link>
          </div>
        }
      />
      <div className="space-y-4">
        {summary.isPending ? <LoadingState rows={2} /> : summary.isError ? <ErrorState error={summary.error} onRetry={() => void summary.refetch()} /> : s && <SummaryCards s={s} date={date} provider={provider} />}
        <PendingReview />
        <div className="grid gap-4 lg:grid-cols-2">
          <Card title={t("recon.summary.byType")}>{s ? <BreakdownChart title={t("recon.summary.byType")} bars={byType} currency={currency} /> : <LoadingState rows={3} />}</Card>
          <Card title={t("recon.summary.byRisk")}>{s ? <BreakdownChart title={t("recon.summary.byRisk")} bars={byRisk} currency={currency} color="#e11d48" /> : <LoadingState rows={3} />}</Card>
        </div>
        {canImport && (
          <div className="grid gap-4 lg:grid-cols-3">
            <div className="lg:col-span-2">
              <UploadPanel
                date={date}
                provider={provider}
                onMatching={() => void queryClient.invalidateQueries(trpc.recon.imports.pathFilter())}
                onImported={(r) => {
                  void refresh();
                  if (r.businessDate !== date) go({ date: r.businessDate });
                }}
              />
            </div>
            <Card title={t("recon.pull.title")}>
              <div className="space-y-3 p-4 text-sm text-slate-600">
                <p>{t("recon.pull.hint", { date })}</p>
                <div className="flex flex-wrap items-center gap-2">
                  <select aria-label={t("recon.provider")} value={pullProvider} onChange={(e) => setPullProvider(e.target.value as Provider)} className={cx(field, "pr-8")}>
                    {PROVIDERS.map((p) => (
                      <option key={p} value={p}>{t(`provider.${p}`)}</option>
                    ))}
                  </select>
                  <Button disabled={pull.isPending} aria-busy={pull.isPending || undefined} onClick={() => pull.mutate({ provider: pullProvider, date })}>
                    {t("recon.pull.button")}
                  </Button>
                </div>
              </div>
            </Card>
          </div>
        )}
        <Imports provider={provider} />
      </div>
    </>
  );
}
