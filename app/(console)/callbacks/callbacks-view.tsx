"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useMemo, useState } from "react";
import { OutcomeBadge, VerificationBadge } from "@/components/callbacks/outcome-badge";
import { RawPayload } from "@/components/callbacks/raw-payload";
import { DataTable } from "@/components/data-table/data-table";
import { RangeChip } from "@/components/data-table/range-chip";
import { useListEmpty } from "@/components/data-table/use-list-empty";
import { useListRange } from "@/components/data-table/use-list-range";
import { timeColumn } from "@/components/data-table/time-column";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { ReasonText } from "@/components/reasons/reason-text";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { type Provider } from "@/lib/enums";
import { ProviderFilter } from "@/components/data-table/provider-filter";
import { PROBLEM_KINDS, type ProblemKind } from "@/lib/problem-kinds";
import { asReason } from "@/lib/reasons";
import type { AppRouter } from "@/server/api/root";
import { callbacksInput } from "./callbacks-input";

type CallbackRow = inferRouterOutputs<AppRouter>["callback"]["list"]["items"][number];
type I18n = ReturnType<typeof useI18n>;

function callbackOrderCell(c: CallbackRow) {
  if (c.orderNo && c.outcome !== "unknown_order") {
    return (
      <Link href={`/orders/${encodeURIComponent(c.orderNo)}`} className="font-mono text-xs text-indigo-700 hover:underline">
        {c.orderNo}
      </Link>
    );
  }
  return <span className="font-mono text-xs text-slate-500">{c.orderNo ?? "—"}</span>;
}

function callbackReasonCell(c: CallbackRow) {
  const coded = c.rejectReason ? c.rejectReasonCoded : c.outcomeDetailCoded;
  return <ReasonText reason={asReason(coded)} raw={c.rejectReason ?? c.outcomeDetail} inline className="max-w-md text-xs text-slate-600" />;
}

function callbackColumns({ t, dateTime, zoneLabel }: I18n, open: number | null, toggle: (id: number) => void): ColumnDef<CallbackRow>[] {
  return [
    timeColumn<CallbackRow>({ id: "received", label: t("callbacks.col.received"), zoneLabel, dateTime, at: (c) => c.receivedAt }),
    { id: "provider", header: t("callbacks.col.provider"), cell: ({ row }) => t(`provider.${row.original.provider}`) },
    { id: "source", header: t("callbacks.col.source"), cell: ({ row }) => t(`tl.callback.${row.original.source}`) },
    {
      id: "outcome",
      header: t("callbacks.col.outcome"),
      meta: { className: "space-x-1" },
      cell: ({ row }) => (
        <>
          <VerificationBadge verification={row.original.verification} />
          <OutcomeBadge outcome={row.original.outcome} />
        </>
      ),
    },
    { id: "order", header: t("callbacks.col.order"), cell: ({ row }) => callbackOrderCell(row.original) },
    { id: "reason", header: t("callbacks.col.reason"), meta: { className: "max-w-md" }, cell: ({ row }) => callbackReasonCell(row.original) },
    {
      id: "raw",
      header: () => <span className="sr-only">{t("common.showRaw")}</span>,
      cell: ({ row }) => (
        <Button size="sm" variant="ghost" aria-expanded={open === row.original.id} onClick={() => toggle(row.original.id)}>
          {open === row.original.id ? t("common.hideRaw") : t("common.showRaw")}
        </Button>
      ),
    },
  ];
}

export function CallbacksView({ initialProvider = "" }: { initialProvider?: Provider | "" }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const [kind, setKind] = useState<ProblemKind | undefined>(undefined);
  const [open, setOpen] = useState<number | null>(null);
  const [provider, setProvider] = useState<Provider | "">(initialProvider);
  const { range, key: rangeKey } = useListRange();
  const listEmpty = useListEmpty({ title: t("callbacks.empty") }, { range, provider });
  const paging = useKeysetPaging(JSON.stringify([kind ?? "", provider, rangeKey]));
  const list = useQuery({ ...trpc.callback.list.queryOptions(callbacksInput({ kind, provider, range, cursor: paging.cursor })), placeholderData: keepPreviousData });
  const columns = useMemo(() => callbackColumns(i18n, open, (id) => setOpen((o) => (o === id ? null : id))), [i18n, open]);
  return (
    <>
      <PageHeader title={t("callbacks.title")} subtitle={t("callbacks.subtitle")} />
      <Card>
        <div className="flex flex-wrap items-center gap-1 border-b border-slate-100 p-2">
          {[undefined, ...PROBLEM_KINDS].map((k) => (
            <button
              key={k ?? "all"}
              type="button"
              aria-pressed={kind === k}
              onClick={() => setKind(k)}
              className={cx("rounded-md px-2.5 py-1 text-xs", kind === k ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100")}
            >
              {k ? t(`callbacks.kind.${k}`) : t("common.all")}
            </button>
          ))}
          <ProviderFilter label={t("callbacks.col.provider")} value={provider} onChange={setProvider} className="ml-2 rounded-md border-0 py-1 pr-8 pl-2 text-xs ring-1 ring-slate-300 ring-inset" />
          <RangeChip field="received" />
        </div>
        <DataTable
          label={t("callbacks.title")}
          query={list}
          rows={list.data?.items}
          columns={columns}
          getRowId={(c) => String(c.id)}
          empty={listEmpty}
          paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
          renderDetail={(c) => (open === c.id ? <RawPayload message={c} defaultOpen /> : null)}
        />
      </Card>
    </>
  );
}
