"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useState } from "react";
import { OutcomeBadge, VerificationBadge } from "@/components/callbacks/outcome-badge";
import { RawPayload } from "@/components/callbacks/raw-payload";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { PROBLEM_KINDS, type ProblemKind } from "@/lib/problem-kinds";

export function CallbacksView() {
  const { t, dateTime, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const [kind, setKind] = useState<ProblemKind | undefined>(undefined);
  const [open, setOpen] = useState<number | null>(null);
  const list = useQuery(trpc.callback.list.queryOptions({ kind, limit: 100 }));
  return (
    <>
      <PageHeader title={t("callbacks.title")} subtitle={t("callbacks.subtitle")} />
      <Card>
        <div className="flex flex-wrap gap-1 border-b border-slate-100 p-2">
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
        </div>
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title={t("callbacks.empty")} />
        ) : (
          <Table label={t("callbacks.title")}>
            <thead>
              <tr>
                <Th>
                  {t("callbacks.col.received")} <span className="font-normal text-slate-400">({zoneLabel})</span>
                </Th>
                <Th>{t("callbacks.col.provider")}</Th>
                <Th>{t("callbacks.col.source")}</Th>
                <Th>{t("callbacks.col.outcome")}</Th>
                <Th>{t("callbacks.col.order")}</Th>
                <Th>{t("callbacks.col.reason")}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white">
              {list.data.items.map((c) => (
                <Fragment key={c.id}>
                  <tr className="cursor-pointer hover:bg-slate-50" onClick={() => setOpen(open === c.id ? null : c.id)}>
                    <Td className="tabular-nums">{dateTime(c.receivedAt)}</Td>
                    <Td>{t(`provider.${c.provider}`)}</Td>
                    <Td>{t(`tl.callback.${c.source}`)}</Td>
                    <Td className="space-x-1">
                      <VerificationBadge verification={c.verification} />
                      <OutcomeBadge outcome={c.outcome} />
                    </Td>
                    <Td>
                      {c.orderNo && c.outcome !== "unknown_order" ? (
                        <Link onClick={(e) => e.stopPropagation()} href={`/orders/${encodeURIComponent(c.orderNo)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                          {c.orderNo}
                        </Link>
                      ) : (
                        <span className="font-mono text-xs text-slate-500">{c.orderNo ?? "—"}</span>
                      )}
                    </Td>
                    <Td className="max-w-md truncate text-xs text-slate-600" title={c.rejectReason ?? c.outcomeDetail ?? undefined}>
                      {c.rejectReason ?? c.outcomeDetail ?? "—"}
                    </Td>
                  </tr>
                  {open === c.id && (
                    <tr>
                      <td colSpan={6} className="bg-slate-50 px-3 pb-3">
                        <RawPayload message={c} defaultOpen />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
