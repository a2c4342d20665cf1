"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { timeColumn } from "@/components/data-table/time-column";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import type { ReportKind } from "@/lib/reports";
import type { MessageKey } from "@/lib/i18n/messages";
import { FigureDelta, useFigureText } from "./figure-value";
import { REPORTS_INPUT } from "./reports-input";
import { SubscriptionsCard } from "./subscriptions-card";
import { SuggestionList } from "./suggestion-list";
import type { ReportListItem } from "./types";

function lastDay(end: string): string {
  return new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** /reports: the reports (newest period first), "generate now", live suggestions and e-mail subscriptions. */
export function ReportsView({ canManage }: { canManage: boolean }) {
  const i18n = useI18n();
  const { t, zoneLabel, dateTime } = i18n;
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const paging = useKeysetPaging("all");
  const list = useQuery({ ...trpc.report.list.queryOptions({ ...REPORTS_INPUT, cursor: paging.cursor }), placeholderData: keepPreviousData });
  const suggestions = useQuery(trpc.report.suggestions.queryOptions({}));
  const figureText = useFigureText();
  const generate = useMutation(
    trpc.report.generate.mutationOptions({
      onSuccess: async ({ id }) => {
        toast({ tone: "success", text: t("reports.generate.done") });
        await queryClient.invalidateQueries(trpc.report.pathFilter());
        router.push(`/reports/${id}`);
      },
      onError: (e) => toast({ tone: "error", text: t("reports.generate.failed", { error: e.message }) }),
    }),
  );
  const columns = useMemo<ColumnDef<ReportListItem>[]>(
    () => [
      {
        id: "period",
        header: t("reports.list.period"),
        cell: ({ row }) => (
          <Link href={`/reports/${row.original.id}`} className="font-medium text-indigo-700 hover:underline">
            {t("reports.period", { start: row.original.periodStart, end: lastDay(row.original.periodEnd) })}
          </Link>
        ),
      },
      { id: "kind", header: t("reports.list.kind"), cell: ({ row }) => <Badge tone={row.original.kind === "weekly" ? "blue" : "violet"}>{t(`reports.kind.${row.original.kind}`)}</Badge> },
      {
        id: "headline",
        header: t("reports.list.headline"),
        meta: { className: "whitespace-normal" },
        cell: ({ row }) => (
          <ul className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs">
            {row.original.headline.slice(0, 4).map((f) => (
              <li key={f.key}>
                <span className="text-slate-500">{t(`reports.figure.${f.key}` as MessageKey)}</span> <span className="tabular-nums">{figureText(f.unit, f.value, row.original.currency)}</span>{" "}
                <FigureDelta figure={f} currency={row.original.currency} />
              </li>
            ))}
          </ul>
        ),
      },
      { id: "incidents", header: t("reports.list.incidents"), meta: { className: "text-right tabular-nums", headerClassName: "text-right" }, cell: ({ row }) => row.original.incidents },
      { id: "suggestions", header: t("reports.list.suggestions"), meta: { className: "text-right tabular-nums", headerClassName: "text-right" }, cell: ({ row }) => row.original.suggestions },
      { id: "mail", header: t("reports.list.mail"), cell: ({ row }) => <span className="text-xs text-slate-600">{t("reports.list.mailCounts", row.original.deliveries)}</span> },
      timeColumn<ReportListItem>({ id: "generated", label: t("reports.list.generated"), zoneLabel, dateTime, at: (r) => r.generatedAt }),
      { id: "by", header: t("reports.list.by"), cell: ({ row }) => (row.original.generatedBy === "system:schedule" ? t("reports.generate.system") : row.original.generatedBy) },
    ],
    [t, zoneLabel, dateTime, figureText],
  );
  const kinds: ReportKind[] = ["weekly", "monthly"];
  return (
    <>
      <PageHeader
        title={t("reports.title")}
        subtitle={t("reports.subtitle", { zone: zoneLabel })}
        actions={
          canManage ? (
            <div className="flex flex-wrap gap-2">
              {kinds.map((kind) => (
                <Button key={kind} variant={kind === "weekly" ? "primary" : "secondary"} disabled={generate.isPending} onClick={() => generate.mutate({ kind })}>
                  {t(`reports.generate.${kind}`)}
                </Button>
              ))}
            </div>
          ) : undefined
        }
      />
      <div className="space-y-6">
        <Card title={t("reports.list.title")}>
          <DataTable
            label={t("reports.list.title")}
            query={list}
            rows={list.isPlaceholderData ? undefined : list.data?.items}
            columns={columns}
            getRowId={(r) => String(r.id)}
            empty={{ title: t("reports.list.empty") }}
            paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
          />
        </Card>
        <Card title={t("reports.suggest.liveTitle")}>
          <p className="px-4 pt-3 text-sm text-slate-500">{t("reports.suggest.liveHint")}</p>
          {suggestions.isPending ? <LoadingState rows={3} /> : suggestions.isError ? <ErrorState error={suggestions.error} onRetry={() => void suggestions.refetch()} /> : <SuggestionList items={suggestions.data.items} reportId={null} />}
        </Card>
        {canManage && <SubscriptionsCard />}
      </div>
    </>
  );
}
