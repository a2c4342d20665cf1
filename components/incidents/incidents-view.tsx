"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { SeverityBadge, useAlertLabels } from "@/components/alerts/alert-badges";
import { ALERTS_REFRESH_MS } from "@/components/alerts/alerts-input";
import { ImpactShort } from "@/components/alerts/impact";
import { DataTable } from "@/components/data-table/data-table";
import { RangeChip } from "@/components/data-table/range-chip";
import { timeColumn } from "@/components/data-table/time-column";
import { ProviderFilter } from "@/components/data-table/provider-filter";
import { useListProvider } from "@/components/data-table/use-list-provider";
import { useListEmpty } from "@/components/data-table/use-list-empty";
import { useListRange } from "@/components/data-table/use-list-range";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card, PageHeader } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { withListRange } from "@/lib/list-range";
import { IncidentStatusBadge } from "./incident-status-badge";
import { useIncidentTitle } from "./incident-title";
import { INCIDENT_TABS, incidentsInput, incidentTab, type IncidentTab } from "./incidents-input";
import type { IncidentRow } from "./types";

type I18n = ReturnType<typeof useI18n>;

function incidentCell(i: IncidentRow, title: (t: string) => string) {
  return (
    <div className="flex flex-col">
      <Link href={`/incidents/${i.id}`} className="font-medium text-indigo-700 hover:underline">
        {title(i.title)}
      </Link>
      <span className="text-xs text-slate-500">#{i.id}</span>
    </div>
  );
}

function incidentColumns({ t, dateTime, zoneLabel }: I18n, labels: ReturnType<typeof useAlertLabels>, title: (t: string) => string): ColumnDef<IncidentRow>[] {
  return [
    { id: "incident", header: t("incidents.list.col.incident"), meta: { className: "whitespace-normal" }, cell: ({ row }) => incidentCell(row.original, title) },
    { id: "severity", header: t("incidents.list.col.severity"), cell: ({ row }) => <SeverityBadge severity={row.original.severity} /> },
    { id: "status", header: t("incidents.list.col.status"), cell: ({ row }) => <IncidentStatusBadge status={row.original.status} /> },
    { id: "scope", header: t("incidents.list.col.scope"), cell: ({ row }) => (row.original.provider ? labels.scope(row.original.provider) : "—") },
    { id: "commander", header: t("incidents.list.col.commander"), cell: ({ row }) => row.original.commander ?? "—" },
    {
      id: "alerts",
      header: t("incidents.list.col.alerts"),
      meta: { headerClassName: "text-right", className: "text-right tabular-nums" },
      cell: ({ row }) => row.original.alertCount,
    },
    { id: "impact", header: t("incidents.list.col.impact"), cell: ({ row }) => <ImpactShort impact={row.original.impact} /> },
    timeColumn<IncidentRow>({ id: "opened", label: t("incidents.list.col.opened"), zoneLabel, dateTime, at: (i) => i.openedAt }),
    timeColumn<IncidentRow>({ id: "resolved", label: t("incidents.list.col.resolved"), zoneLabel, dateTime, at: (i) => i.resolvedAt }),
  ];
}

/** /incidents: open and resolved incidents, newest first, refreshed like the alert list. */
export function IncidentsView({ initialStatus }: { initialStatus?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const labels = useAlertLabels();
  const trpc = useTRPC();
  const router = useRouter();
  const [status, setStatus] = useState<IncidentTab>(incidentTab(initialStatus));
  const { range, key: rangeKey } = useListRange();
  const { provider, setProvider } = useListProvider();
  const listEmpty = useListEmpty({ title: status === "open" ? t("incidents.list.empty.open") : t("incidents.list.empty.other") }, { range, provider });
  const paging = useKeysetPaging(`${status}|${rangeKey}|${provider}`);
  const list = useQuery({
    ...trpc.incident.list.queryOptions(incidentsInput({ status, range, provider, cursor: paging.cursor })),
    placeholderData: keepPreviousData,
    refetchInterval: ALERTS_REFRESH_MS,
  });
  const title = useIncidentTitle();
  const columns = useMemo(() => incidentColumns(i18n, labels, title), [i18n, labels, title]);
  const choose = (v: string) => {
    const next = incidentTab(v);
    setStatus(next);
    const query = new URLSearchParams({ ...(next === "open" ? {} : { status: next }), ...(provider ? { provider } : {}) }).toString();
    router.replace(withListRange(query ? `/incidents?${query}` : "/incidents", range), { scroll: false });
  };
  return (
    <>
      <PageHeader title={t("incidents.list.title")} subtitle={t("incidents.list.subtitle")} />
      <Card>
        <Tabs value={status} onValueChange={choose}>
          <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-3">
            <TabsList aria-label={t("incidents.list.title")}>
              {INCIDENT_TABS.map((s) => (
                <TabsTrigger key={s} value={s}>
                  {t(`incidents.list.tab.${s}`)}
                </TabsTrigger>
              ))}
            </TabsList>
            <div className="flex flex-wrap items-center gap-2">
              <ProviderFilter label={t("table.provider")} value={provider} onChange={setProvider} />
              <RangeChip field="opened" />
            </div>
          </div>
          {INCIDENT_TABS.map((s) => (
            // Every panel stays in the DOM (hidden when inactive) so each tab's aria-controls names an element.
            <TabsContent key={s} value={s} forceMount>
              {s === status && (
                <DataTable
                  label={t(`incidents.list.tab.${s}`)}
                  query={list}
                  rows={list.isPlaceholderData ? undefined : list.data?.items}
                  columns={columns}
                  getRowId={(i) => String(i.id)}
                  empty={listEmpty}
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
