"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Fragment, useState, type ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { OrderStatusBadge } from "@/components/orders/order-status-badge";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import type { OrderStatus } from "@/lib/enums";
import { RefundAction } from "@/components/refunds/refund-action";
import { OrderActions } from "./order-actions";
import { OrderDetails } from "./order-details";
import type { CustomerAbilities, CustomerOrderView } from "./types";

const SITUATION_TONE = { done: "green", processing: "blue", not_paid: "gray", closed: "gray", charged_twice: "red", refund_pending: "amber" } as const;

/** The person's orders, newest first, ten a page: state in plain words, actions, payments and tickets on demand. */
export function CustomerOrders({ userId, highlight, can, extra }: { userId: string; highlight: string | null; can: CustomerAbilities; extra?: (order: CustomerOrderView) => ReactNode }) {
  const { t, money, dateTime } = useI18n();
  const trpc = useTRPC();
  const q = useInfiniteQuery(trpc.customer.orders.infiniteQueryOptions({ userId }, { getNextPageParam: (p) => p.nextCursor ?? undefined }));
  const [open, setOpen] = useState<string | null>(highlight);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title={t("customers.orders.title")}>
      {q.isPending ? (
        <LoadingState rows={4} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t("customers.orders.empty")} />
      ) : (
        <ul aria-label={t("customers.orders.title")} className="divide-y divide-slate-100">
          {items.map((o) => (
            <Fragment key={o.orderNo}>
              <li aria-label={o.orderNo} className={o.orderNo === highlight ? "bg-indigo-50/50 px-4 py-3" : "px-4 py-3"}>
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="font-mono text-sm font-medium text-slate-900">{o.orderNo}</span>
                  <OrderStatusBadge status={o.status as OrderStatus} />
                  {o.situation && <Badge tone={SITUATION_TONE[o.situation]}>{t(`tickets.situation.${o.situation}`)}</Badge>}
                  {o.orderNo === highlight && <span className="text-xs text-indigo-700">{t("customers.orders.highlight")}</span>}
                  <span className="ml-auto text-sm font-semibold tabular-nums">{money(o.amountMinor, o.currency)}</span>
                </div>
                <div className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-500">
                  <span>{t(`provider.${o.provider as "sandbox"}`)}</span>
                  {o.subject && <span>{o.subject}</span>}
                  <span>
                    {t("customers.orders.created")} <span className="tabular-nums">{dateTime(o.createdAt)}</span>
                  </span>
                  {o.paidAt && (
                    <span>
                      {t("customers.orders.paid")} <span className="tabular-nums">{dateTime(o.paidAt)}</span>
                    </span>
                  )}
                  {o.providerTransactionId && <span className="font-mono">{o.providerTransactionId}</span>}
                  {o.tickets.length > 0 && <span>{t("customers.orders.tickets", { count: o.tickets.length })}</span>}
                  {o.noticeCount > 0 && <span>{t("customers.orders.notices", { count: o.noticeCount })}</span>}
                </div>
                <div className="mt-2 flex flex-wrap items-center gap-2">
                  <OrderActions order={o} can={can} />
                  {can.refund && <RefundAction orderNo={o.orderNo} />}
                  {extra?.(o)}
                  <Button size="sm" variant="ghost" aria-expanded={open === o.orderNo} onClick={() => setOpen(open === o.orderNo ? null : o.orderNo)}>
                    {open === o.orderNo ? t("customers.order.hideDetails") : t("customers.order.details")}
                  </Button>
                </div>
              </li>
              {open === o.orderNo && (
                <li>
                  <OrderDetails orderNo={o.orderNo} />
                </li>
              )}
            </Fragment>
          ))}
        </ul>
      )}
      {q.hasNextPage && (
        <div className="border-t border-slate-100 p-3 text-center">
          <Button size="sm" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
            {t("customers.orders.more")}
          </Button>
        </div>
      )}
    </Card>
  );
}
