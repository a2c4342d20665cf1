"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { RefundArrival, RefundFlags, RefundStatusBadge } from "./refund-badges";

/** The refunds and alternatives of one order, newest first, with provider status and arrival estimate. */
export function OrderRefunds({ orderNo, actions }: { orderNo: string; actions?: ReactNode }) {
  const { t, money, dateTime } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.refund.forOrder.queryOptions({ orderNo }));
  return (
    <Card title={t("refunds.order.title")} actions={actions} className="mt-4">
      {q.isPending ? (
        <LoadingState rows={2} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-1 px-4 py-3 text-sm sm:grid-cols-4">
            {(
              [
                ["paid", q.data.paidMinor],
                ["refunded", q.data.refundedMinor],
                ["pending", q.data.pendingMinor],
                ["refundable", q.data.refundableMinor],
              ] as const
            ).map(([k, v]) => (
              <div key={k}>
                <dt className="text-xs text-slate-500">{t(`refunds.order.${k}`)}</dt>
                <dd className="font-medium tabular-nums">{money(v, q.data.currency)}</dd>
              </div>
            ))}
          </dl>
          {q.data.refunds.length === 0 ? (
            <EmptyState title={t("refunds.empty.order")} />
          ) : (
            <Table label={t("refunds.order.title")}>
              <thead>
                <tr>
                  <Th>{t("refunds.col.refund")}</Th>
                  <Th>{t("refunds.col.kind")}</Th>
                  <Th className="text-right">{t("refunds.col.amount")}</Th>
                  <Th>{t("refunds.col.status")}</Th>
                  <Th>{t("refunds.col.provider")}</Th>
                  <Th>{t("refunds.col.arrival")}</Th>
                  <Th>{t("refunds.col.requestedBy")}</Th>
                  <Th>{t("refunds.col.created")}</Th>
                </tr>
              </thead>
              <tbody>
                {q.data.refunds.map((r) => (
                  <tr key={r.id}>
                    <Td className="font-mono text-xs">
                      {r.refundNo}
                      <div className="mt-1 font-sans text-slate-600">{t(`refunds.reason.${r.reasonCode}`)}</div>
                    </Td>
                    <Td>{t(`refunds.kind.${r.kind}`)}</Td>
                    <Td className="text-right tabular-nums">{money(r.amountMinor, r.currency)}</Td>
                    <Td>
                      <div className="flex flex-col gap-1">
                        <RefundStatusBadge status={r.status} />
                        <RefundFlags flags={r.flags} />
                        {r.decisionReason && (
                          <span className="text-xs text-slate-500">
                            {r.decidedByLabel}: {r.decisionReason}
                          </span>
                        )}
                      </div>
                    </Td>
                    <Td className="font-mono text-xs">{r.providerStatus ?? "—"}</Td>
                    <Td>
                      <RefundArrival arrivalBy={r.arrivalBy} succeededAt={r.succeededAt} />
                    </Td>
                    <Td className="text-xs">{r.requestedByLabel}</Td>
                    <Td className="text-xs tabular-nums">{dateTime(r.createdAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </>
      )}
    </Card>
  );
}
