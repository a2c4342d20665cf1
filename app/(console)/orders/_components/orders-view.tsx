"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { ORDER_STATUSES, type OrderStatus, type Provider } from "@/lib/enums";
import { ProviderFilter } from "@/components/data-table/provider-filter";
import { withListRange } from "@/lib/list-range";
import { DataTable } from "@/components/data-table/data-table";
import { RangeChip } from "@/components/data-table/range-chip";
import { useListEmpty } from "@/components/data-table/use-list-empty";
import { useListRange } from "@/components/data-table/use-list-range";
import { timeColumn } from "@/components/data-table/time-column";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { NeedsReviewBadge, OrderStatusBadge } from "@/components/orders/order-status-badge";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import type { AppRouter } from "@/server/api/root";

import { ordersInput, type OrdersSort } from "./orders-input";

type OrderRow = inferRouterOutputs<AppRouter>["order"]["search"]["items"][number];
type I18n = ReturnType<typeof useI18n>;

function orderNoCell(o: OrderRow) {
  return (
    <Link href={`/orders/${encodeURIComponent(o.orderNo)}`} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
      {o.orderNo}
    </Link>
  );
}

function orderColumns({ t, money, dateTime, zoneLabel }: I18n): ColumnDef<OrderRow>[] {
  return [
    { id: "orderNo", header: t("orders.col.orderNo"), cell: ({ row }) => orderNoCell(row.original) },
    { id: "status", header: t("orders.col.status"), cell: ({ row }) => <OrderStatusBadge status={row.original.status} /> },
    {
      id: "amount",
      header: t("orders.col.amount"),
      meta: { headerClassName: "text-right", className: "text-right font-medium tabular-nums" },
      cell: ({ row }) => money(row.original.amountMinor, row.original.currency),
    },
    { id: "provider", header: t("orders.col.provider"), cell: ({ row }) => t(`provider.${row.original.provider}`) },
    { id: "phone", header: t("orders.col.phone"), meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.userPhone ?? "—" },
    timeColumn<OrderRow>({ id: "createdAt", label: t("orders.col.created"), zoneLabel, dateTime, at: (o) => o.createdAt, sortKey: "createdAt" }),
    timeColumn<OrderRow>({ id: "paidAt", label: t("orders.col.paid"), zoneLabel, dateTime, at: (o) => o.paidAt }),
    { id: "review", header: t("orders.col.review"), cell: ({ row }) => (row.original.needsReview ? <NeedsReviewBadge /> : null) },
  ];
}

export function OrdersView({ initialQuery, initialNeedsReview = false, initialProvider = "" }: { initialQuery: string; initialNeedsReview?: boolean; initialProvider?: Provider | "" }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const router = useRouter();
  const [draft, setDraft] = useState(initialQuery);
  const [q, setQ] = useState(initialQuery);
  const [status, setStatus] = useState<OrderStatus | "">("");
  const [provider, setProvider] = useState<Provider | "">(initialProvider);
  const [needsReview, setNeedsReview] = useState(initialNeedsReview);
  const [sort, setSort] = useState<OrdersSort>("createdAt.desc");
  const { range, key: rangeKey } = useListRange();
  const listEmpty = useListEmpty({ title: t("orders.empty"), hint: q ? t("orders.emptyHint") : undefined }, { range, provider });
  const paging = useKeysetPaging(JSON.stringify([q, status, provider, needsReview, sort, rangeKey]));

  const query = useQuery({
    ...trpc.order.search.queryOptions(ordersInput({ q, status, provider, needsReview, range, sort, cursor: paging.cursor })),
    placeholderData: keepPreviousData,
  });
  const columns = useMemo(() => orderColumns(i18n), [i18n]);

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setQ(draft.trim());
    router.replace(withListRange(draft.trim() ? `/orders?q=${encodeURIComponent(draft.trim())}` : "/orders", range));
  };

  const select = "rounded-md border-0 py-1.5 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset";
  return (
    <>
      <PageHeader title={t("orders.title")} />
      <Card>
        <form role="search" onSubmit={onSearch} className="flex flex-wrap items-center gap-2 border-b border-slate-100 p-3">
          <input
            type="search"
            aria-label={t("orders.searchPlaceholder")}
            placeholder={t("orders.searchPlaceholder")}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            className="w-80 rounded-md border-0 px-3 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
          />
          <Button type="submit" variant="primary">
            {t("orders.search")}
          </Button>
          <select aria-label={t("orders.filter.status")} value={status} onChange={(e) => setStatus(e.target.value as OrderStatus | "")} className={select}>
            <option value="">
              {t("orders.filter.status")}: {t("common.all")}
            </option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <ProviderFilter label={t("orders.filter.provider")} value={provider} onChange={setProvider} className={select} />
          <label className="flex items-center gap-1.5 text-sm text-slate-700">
            <input type="checkbox" checked={needsReview} onChange={(e) => setNeedsReview(e.target.checked)} className="rounded border-slate-300" />
            {t("orders.filter.needsReview")}
          </label>
          <RangeChip field="created" />
        </form>
        <DataTable
          label={t("orders.title")}
          query={query}
          rows={query.data?.items}
          columns={columns}
          getRowId={(o) => o.id}
          empty={listEmpty}
          paging={{ state: paging, nextCursor: query.isPlaceholderData ? null : query.data?.nextCursor }}
          sort={{
            state: { key: "createdAt", direction: sort === "createdAt.asc" ? "asc" : "desc" },
            onChange: (next) => setSort(next.direction === "asc" ? "createdAt.asc" : "createdAt.desc"),
          }}
        />
      </Card>
    </>
  );
}
