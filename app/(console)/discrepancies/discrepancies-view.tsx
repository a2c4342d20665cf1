"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DiscrepancyTypeLabel, RiskBadge } from "@/components/discrepancies/risk-badge";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";

export function DiscrepanciesView() {
  const { t, dateTime, money, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const list = useQuery(trpc.discrepancy.list.queryOptions({ status: "open" }));
  return (
    <>
      <PageHeader title={t("disc.title")} />
      <Card>
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState title={t("disc.empty")} />
        ) : (
          <Table label={t("disc.title")}>
            <thead>
              <tr>
                <Th>{t("disc.col.risk")}</Th>
                <Th>{t("disc.col.type")}</Th>
                <Th>{t("disc.col.order")}</Th>
                <Th>{t("disc.col.provider")}</Th>
                <Th className="text-right">{t("disc.col.expected")}</Th>
                <Th className="text-right">{t("disc.col.actual")}</Th>
                <Th>
                  {t("disc.col.detected")} <span className="font-normal text-slate-400">({zoneLabel})</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white">
              {list.data.map((d) => (
                <tr key={d.id} className="hover:bg-slate-50">
                  <Td>
                    <RiskBadge risk={d.risk} />
                  </Td>
                  <Td>
                    <DiscrepancyTypeLabel type={d.type} />
                  </Td>
                  <Td>
                    <Link href={`/orders/${encodeURIComponent(d.orderNo)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                      {d.orderNo}
                    </Link>
                  </Td>
                  <Td>{t(`provider.${d.provider}`)}</Td>
                  <Td className="text-right tabular-nums">{money(d.expectedAmountMinor, d.currency)}</Td>
                  <Td className={d.actualAmountMinor !== d.expectedAmountMinor ? "text-right font-medium text-rose-700 tabular-nums" : "text-right tabular-nums"}>
                    {money(d.actualAmountMinor, d.currency)}
                  </Td>
                  <Td className="tabular-nums">{dateTime(d.detectedAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
