"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { NeedsReviewBadge, OrderStatusBadge } from "@/components/orders/order-status-badge";
import { useTRPC } from "@/components/providers/trpc";
import { ReasonText } from "@/components/reasons/reason-text";
import type { Reason } from "@/lib/reasons";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { ProblemMessages } from "./problem-messages";
import { Timeline } from "./timeline";

export function OrderDetailView({ orderNo, canQueryNow, canReveal = false }: { orderNo: string; canQueryNow: boolean; canReveal?: boolean }) {
  const { t, dateTime, money, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.order.get.queryOptions({ orderNo }));
  const [queryResult, setQueryResult] = useState<{ result: string; detail?: string; reason?: Reason | null } | null>(null);
  const queryNow = useMutation(
    trpc.order.queryNow.mutationOptions({
      onSuccess: async (r) => {
        setQueryResult({ result: r.result, detail: r.detail, reason: r.reason });
        await queryClient.invalidateQueries({ queryKey: trpc.order.get.queryKey({ orderNo }) });
      },
      onError: (e) => setQueryResult({ result: "error", detail: e.message }),
    }),
  );

  const back = (
    <Link href="/orders" className="text-xs text-slate-500 hover:text-slate-800">
      ← {t("nav.orders")}
    </Link>
  );
  if (detail.isPending) return <>{back}<LoadingState rows={8} /></>;
  if (detail.isError) {
    if (detail.error.data?.code === "NOT_FOUND") return <>{back}<EmptyState title={t("order.notFound", { orderNo })} /></>;
    return <>{back}<ErrorState error={detail.error} onRetry={() => detail.refetch()} /></>;
  }
  const { order, timeline, phoneMasked, problemMessages } = detail.data;

  return (
    <>
      {back}
      <div className="mt-1 mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 className="font-mono text-lg font-semibold tracking-tight">{order.orderNo}</h1>
          <OrderStatusBadge status={order.status} />
          {order.needsReview && <NeedsReviewBadge />}
        </div>
        {canQueryNow && (
          <div className="flex items-center gap-3">
            {queryResult && (
              <span role="status" className={queryResult.result === "error" ? "text-sm text-rose-700" : "text-sm text-slate-700"}>
                {t("order.queryResult", { result: queryResult.result })}
                {queryResult.detail && (
                  <>
                    {" — "}
                    <ReasonText reason={queryResult.reason} raw={queryResult.detail} />
                  </>
                )}
              </span>
            )}
            <Button variant="primary" disabled={queryNow.isPending} onClick={() => queryNow.mutate({ orderNo })}>
              {queryNow.isPending ? t("order.querying") : t("order.queryNow")}
            </Button>
          </div>
        )}
      </div>

      <div className="grid gap-4 xl:grid-cols-[22rem_1fr]">
        <Card title={t("order.facts")} className="self-start">
          <dl className="divide-y divide-slate-100 text-sm">
            <Fact label={t("order.amount")}>
              <span className="text-base font-semibold tabular-nums">{money(order.amountMinor, order.currency)}</span>
            </Fact>
            <Fact label={t("order.status")}>
              <OrderStatusBadge status={order.status} />
            </Fact>
            <Fact label={t("order.provider")}>{t(`provider.${order.provider}`)}</Fact>
            <Fact label={t("order.txnId")} mono>
              {order.providerTransactionId ?? "—"}
            </Fact>
            <Fact label={t("order.user")} mono>
              {order.userId}
            </Fact>
            <Fact label={t("order.phone")} mono>
              {order.userPhone ?? "—"} {phoneMasked && order.userPhone && <span className="font-sans text-[11px] text-slate-500">({t("order.phoneMasked")})</span>}
            </Fact>
            {order.subject && <Fact label={t("order.subject")}>{order.subject}</Fact>}
            <Fact label={`${t("order.created")} (${zoneLabel})`}>{dateTime(order.createdAt)}</Fact>
            <Fact label={`${t("order.paid")} (${zoneLabel})`}>
              {dateTime(order.paidAt)} {order.paidVia && <Badge tone="gray">{t(`tl.callback.${order.paidVia}`)}</Badge>}
            </Fact>
            <Fact label={`${t("order.fulfilled")} (${zoneLabel})`}>{dateTime(order.fulfilledAt)}</Fact>
            <Fact label={`${t("order.closed")} (${zoneLabel})`}>
              {dateTime(order.closedAt)}
              {order.closeReason && <ReasonText reason={order.closeReasonCoded} raw={order.closeReason} className="ml-1 text-xs text-slate-500" />}
            </Fact>
            {order.expiresAt && <Fact label={`${t("order.expires")} (${zoneLabel})`}>{dateTime(order.expiresAt)}</Fact>}
            <Fact label={t("order.needsReview")}>
              {order.needsReview ? (
                <div>
                  <NeedsReviewBadge />
                  {order.reviewReason && (
                    <p className="mt-1 text-xs text-rose-700">
                      <ReasonText reason={order.reviewReasonCoded} raw={order.reviewReason} />
                    </p>
                  )}
                </div>
              ) : (
                t("common.no")
              )}
            </Fact>
          </dl>
        </Card>
        <Card title={`${t("order.timeline")} (${zoneLabel})`}>
          {timeline.length === 0 ? <EmptyState title={t("order.timelineEmpty")} /> : <Timeline items={timeline} canReveal={canReveal} />}
          <ProblemMessages orderNo={order.orderNo} count={problemMessages.count} capped={problemMessages.capped} canReveal={canReveal} />
        </Card>
      </div>
    </>
  );
}

function Fact({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="grid grid-cols-[8.5rem_1fr] gap-2 px-4 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={mono ? "font-mono text-xs break-all text-slate-800" : "text-slate-800"}>{children}</dd>
    </div>
  );
}
