"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { SeverityBadge } from "@/components/alerts/alert-badges";
import { DataTable } from "@/components/data-table/data-table";
import { timeColumn } from "@/components/data-table/time-column";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useIncidentTitle } from "@/components/incidents/incident-title";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { AlertSeverity } from "@/lib/alerts";
import { OverdueItems } from "./overdue-items";
import { ReviewStatusBadge } from "./review-status-badge";
import { REVIEW_TABS, reviewsInput, reviewTab, type ReviewTab } from "./reviews-input";
import type { ReviewRow } from "./types";

type I18n = ReturnType<typeof useI18n>;

function reviewColumns({ t, dateTime, zoneLabel }: I18n, title: (t: string) => string): ColumnDef<ReviewRow>[] {
  return [
    {
      id: "incident",
      header: t("reviews.list.col.incident"),
      meta: { className: "whitespace-normal" },
      cell: ({ row }) => (
        <div className="flex flex-col">
          <Link href={`/reviews/${row.original.incidentId}`} className="font-medium text-indigo-700 hover:underline">
            {title(row.original.title)}
          </Link>
          <span className="flex items-center gap-2 text-xs text-slate-500">
            #{row.original.incidentId} <SeverityBadge severity={row.original.severity as AlertSeverity} />
          </span>
        </div>
      ),
    },
    { id: "status", header: t("reviews.list.col.status"), cell: ({ row }) => <ReviewStatusBadge status={row.original.status} /> },
    { id: "owner", header: t("reviews.list.col.owner"), cell: ({ row }) => row.original.owner ?? "—" },
    {
      id: "items",
      header: t("reviews.list.col.items"),
      meta: { headerClassName: "text-right", className: "text-right tabular-nums" },
      cell: ({ row }) => `${row.original.openActionItems} / ${row.original.actionItems}`,
    },
    {
      id: "overdue",
      header: t("reviews.list.col.overdue"),
      cell: ({ row }) => (row.original.overdueActionItems > 0 ? <Badge tone="red">{t("reviews.list.overdueItems", { n: row.original.overdueActionItems })}</Badge> : "—"),
    },
    timeColumn<ReviewRow>({ id: "resolved", label: t("reviews.list.col.resolved"), zoneLabel, dateTime, at: (r) => r.resolvedAt }),
  ];
}

/** /reviews: every incident review, newest incident first, and the action items past their due day. */
export function ReviewsView({ initialStatus }: { initialStatus?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const router = useRouter();
  const title = useIncidentTitle();
  const [status, setStatus] = useState<ReviewTab>(reviewTab(initialStatus));
  const paging = useKeysetPaging(status);
  const list = useQuery({ ...trpc.review.list.queryOptions(reviewsInput({ status, cursor: paging.cursor })), placeholderData: keepPreviousData });
  const columns = useMemo(() => reviewColumns(i18n, title), [i18n, title]);
  const choose = (v: string) => {
    const next = reviewTab(v);
    setStatus(next);
    router.replace(next === "all" ? "/reviews" : `/reviews?status=${next}`, { scroll: false });
  };
  return (
    <>
      <PageHeader title={t("reviews.list.title")} subtitle={t("reviews.list.subtitle")} />
      <OverdueItems />
      <Card>
        <Tabs value={status} onValueChange={choose}>
          <div className="border-b border-slate-100 px-3">
            <TabsList aria-label={t("reviews.list.title")}>
              {REVIEW_TABS.map((s) => (
                <TabsTrigger key={s} value={s}>
                  {t(`reviews.list.tab.${s}`)}
                </TabsTrigger>
              ))}
            </TabsList>
          </div>
          {REVIEW_TABS.map((s) => (
            <TabsContent key={s} value={s} forceMount>
              {s === status && (
                <DataTable
                  label={t(`reviews.list.tab.${s}`)}
                  query={list}
                  rows={list.isPlaceholderData ? undefined : list.data?.items}
                  columns={columns}
                  getRowId={(r) => String(r.incidentId)}
                  empty={{ title: t("reviews.list.empty") }}
                  paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
                />
              )}
            </TabsContent>
          ))}
        </Tabs>
      </Card>
    </>
  );
}
