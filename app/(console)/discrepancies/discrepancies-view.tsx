"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useMemo } from "react";
import { OpenTicketButton } from "@/components/tickets/open-ticket-button";
import { DataTable } from "@/components/data-table/data-table";
import { timeColumn } from "@/components/data-table/time-column";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { DiscrepancyTypeLabel, RiskBadge } from "@/components/discrepancies/risk-badge";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card, PageHeader } from "@/components/ui/card";
import type { AppRouter } from "@/server/api/root";
import { discrepanciesInput } from "./discrepancies-input";

type DiscrepancyRow = inferRouterOutputs<AppRouter>["discrepancy"]["list"]["items"][number];
type I18n = ReturnType<typeof useI18n>;

function discrepancyOrderCell(d: DiscrepancyRow) {
  if (!d.orderNo) return <span className="text-xs text-slate-500">—</span>;
  return (
    <Link href={`/orders/${encodeURIComponent(d.orderNo)}`} className="font-mono text-xs text-indigo-700 hover:underline">
      {d.orderNo}
    </Link>
  );
}

function discrepancyActualCell(d: DiscrepancyRow, money: I18n["money"]) {
  return <span className={d.actualAmountMinor !== d.expectedAmountMinor ? "font-medium text-rose-700" : undefined}>{money(d.actualAmountMinor, d.currency)}</span>;
}

function discrepancyColumns({ t, money, dateTime, zoneLabel }: I18n, canOpenTicket = false): ColumnDef<DiscrepancyRow>[] {
  const amount = { headerClassName: "text-right", className: "text-right tabular-nums" };
  return [
    { id: "risk", header: t("disc.col.risk"), cell: ({ row }) => <RiskBadge risk={row.original.risk} /> },
    { id: "type", header: t("disc.col.type"), cell: ({ row }) => <DiscrepancyTypeLabel type={row.original.type} /> },
    { id: "order", header: t("disc.col.order"), cell: ({ row }) => discrepancyOrderCell(row.original) },
    { id: "provider", header: t("disc.col.provider"), cell: ({ row }) => t(`provider.${row.original.provider}`) },
    { id: "expected", header: t("disc.col.expected"), meta: amount, cell: ({ row }) => money(row.original.expectedAmountMinor, row.original.currency) },
    { id: "actual", header: t("disc.col.actual"), meta: amount, cell: ({ row }) => discrepancyActualCell(row.original, money) },
    timeColumn<DiscrepancyRow>({ id: "detected", label: t("disc.col.detected"), zoneLabel, dateTime, at: (d) => d.detectedAt }),
    ...(canOpenTicket ? [{ id: "ticket", header: "", cell: ({ row }: { row: { original: DiscrepancyRow } }) => <OpenTicketButton kind="discrepancy" id={row.original.id} what={row.original.orderNo ?? row.original.providerTransactionId ?? String(row.original.id)} /> }] : []),
  ];
}

export function DiscrepanciesView({ canOpenTicket = false }: { canOpenTicket?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const paging = useKeysetPaging("open");
  const list = useQuery({ ...trpc.discrepancy.list.queryOptions(discrepanciesInput({ cursor: paging.cursor })), placeholderData: keepPreviousData });
  const columns = useMemo(() => discrepancyColumns(i18n, canOpenTicket), [i18n, canOpenTicket]);
  return (
    <>
      <PageHeader title={t("disc.title")} />
      <Card>
        <DataTable
          label={t("disc.title")}
          query={list}
          rows={list.data?.items}
          columns={columns}
          getRowId={(d) => String(d.id)}
          empty={{ title: t("disc.empty") }}
          paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
        />
      </Card>
    </>
  );
}
