"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ORDER_STATUSES, PROVIDERS, type OrderStatus, type Provider } from "@/lib/enums";
import { useI18n } from "@/components/i18n/i18n-provider";
import { NeedsReviewBadge, OrderStatusBadge } from "@/components/orders/order-status-badge";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/ui/pager";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";

import { ordersInput, type Cursor } from "./orders-input";

export function OrdersView({ initialQuery }: { initialQuery: string }) {
  const { t, dateTime, money, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [draft, setDraft] = useState(initialQuery);
  const [q, setQ] = useState(initialQuery);
  const [status, setStatus] = useState<OrderStatus | "">("");
  const [provider, setProvider] = useState<Provider | "">("");
  const [needsReview, setNeedsReview] = useState(false);
  const [cursors, setCursors] = useState<Cursor[]>([]);

  const query = useQuery(trpc.order.search.queryOptions(ordersInput({ q, status, provider, needsReview, cursor: cursors[cursors.length - 1] })));

  const resetPaging = () => setCursors([]);
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setQ(draft.trim());
    resetPaging();
    router.replace(draft.trim() ? `/orders?q=${encodeURIComponent(draft.trim())}` : "/orders");
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
          <select
            aria-label={t("orders.filter.status")}
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as OrderStatus | "");
              resetPaging();
            }}
            className={select}
          >
            <option value="">
              {t("orders.filter.status")}: {t("common.all")}
            </option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <select
            aria-label={t("orders.filter.provider")}
            value={provider}
            onChange={(e) => {
              setProvider(e.target.value as Provider | "");
              resetPaging();
            }}
            className={select}
          >
            <option value="">
              {t("orders.filter.provider")}: {t("common.all")}
            </option>
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {t(`provider.${p}`)}
              </option>
            ))}
          </select>
          <label className="flex items-center gap-1.5 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={needsReview}
              onChange={(e) => {
                setNeedsReview(e.target.checked);
                resetPaging();
              }}
              className="rounded border-slate-300"
            />
            {t("orders.filter.needsReview")}
          </label>
        </form>
        {query.isPending ? (
          <LoadingState />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        ) : query.data.items.length === 0 ? (
          <EmptyState title={t("orders.empty")} hint={q ? t("orders.emptyHint") : undefined} />
        ) : (
          <>
            <Table label={t("orders.title")}>
              <thead>
                <tr>
                  <Th>{t("orders.col.orderNo")}</Th>
                  <Th>{t("orders.col.status")}</Th>
                  <Th className="text-right">{t("orders.col.amount")}</Th>
                  <Th>{t("orders.col.provider")}</Th>
                  <Th>{t("orders.col.phone")}</Th>
                  <Th>
                    {t("orders.col.created")} <span className="font-normal text-slate-400">({zoneLabel})</span>
                  </Th>
                  <Th>
                    {t("orders.col.paid")} <span className="font-normal text-slate-400">({zoneLabel})</span>
                  </Th>
                  <Th>{t("orders.col.review")}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {query.data.items.map((o) => (
                  <tr key={o.id} className="hover:bg-slate-50">
                    <Td>
                      <Link href={`/orders/${encodeURIComponent(o.orderNo)}`} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
                        {o.orderNo}
                      </Link>
                    </Td>
                    <Td>
                      <OrderStatusBadge status={o.status} />
                    </Td>
                    <Td className="text-right font-medium tabular-nums">{money(o.amountMinor, o.currency)}</Td>
                    <Td>{t(`provider.${o.provider}`)}</Td>
                    <Td className="font-mono text-xs">{o.userPhone ?? "—"}</Td>
                    <Td className="tabular-nums">{dateTime(o.createdAt)}</Td>
                    <Td className="tabular-nums">{dateTime(o.paidAt)}</Td>
                    <Td>{o.needsReview ? <NeedsReviewBadge /> : null}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager
              firstLabel={t("common.first")}
              nextLabel={t("common.next")}
              onFirst={cursors.length > 0 ? resetPaging : undefined}
              onNext={query.data.nextCursor ? () => setCursors((c) => [...c, query.data.nextCursor!]) : undefined}
            />
          </>
        )}
      </Card>
    </>
  );
}
