"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useMemo, useState, type FormEvent } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { RangeChip } from "@/components/data-table/range-chip";
import { ProviderFilter } from "@/components/data-table/provider-filter";
import { useListProvider } from "@/components/data-table/use-list-provider";
import { useListEmpty } from "@/components/data-table/use-list-empty";
import { useListRange } from "@/components/data-table/use-list-range";
import { timeColumn } from "@/components/data-table/time-column";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { RefundArrival, RefundFlags, RefundStatusBadge } from "@/components/refunds/refund-badges";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toast";
import type { AppRouter } from "@/server/api/root";
import { REFUND_TABS, refundTab, refundsInput, type RefundTab } from "./refunds-input";

type RefundRow = inferRouterOutputs<AppRouter>["refund"]["list"]["items"][number];
type I18n = ReturnType<typeof useI18n>;
type Deciding = { row: RefundRow; decision: "approve" | "reject" } | null;

function columns({ t, money, dateTime, zoneLabel }: I18n, canApprove: boolean, decide: (d: Deciding) => void): ColumnDef<RefundRow>[] {
  return [
    {
      id: "refund",
      header: t("refunds.col.refund"),
      cell: ({ row: { original: r } }) => (
        <div>
          <span className="font-mono text-xs">{r.refundNo}</span>
          <div className="mt-1">
            <RefundFlags flags={r.flags} />
          </div>
        </div>
      ),
    },
    {
      id: "order",
      header: t("refunds.col.order"),
      cell: ({ row: { original: r } }) => (
        <Link href={`/orders/${encodeURIComponent(r.orderNo)}`} className="font-mono text-xs text-indigo-700 hover:underline">
          {r.orderNo}
        </Link>
      ),
    },
    { id: "kind", header: t("refunds.col.kind"), cell: ({ row }) => t(`refunds.kind.${row.original.kind}`) },
    { id: "amount", header: t("refunds.col.amount"), meta: { headerClassName: "text-right", className: "text-right tabular-nums font-medium" }, cell: ({ row }) => money(row.original.amountMinor, row.original.currency) },
    {
      id: "reason",
      header: t("refunds.col.reason"),
      // A compensation's note is a sentence: it wraps in its column instead of running under the next one.
      meta: { className: "min-w-64 max-w-sm text-xs whitespace-normal" },
      cell: ({ row: { original: r } }) => (
        <div>
          {t(`refunds.reason.${r.reasonCode}`)}
          {r.note && <div className="text-slate-500">{r.note}</div>}
        </div>
      ),
    },
    {
      id: "status",
      header: t("refunds.col.status"),
      // The approver's reason is a sentence: it wraps under the badge.
      meta: { className: "min-w-36 max-w-xs whitespace-normal" },
      cell: ({ row: { original: r } }) => (
        <div className="flex flex-col items-start gap-1">
          <RefundStatusBadge status={r.status} />
          {r.providerStatus && <span className="font-mono text-[11px] text-slate-500">{r.providerStatus}</span>}
          {r.decisionReason && (
            <span className="text-xs text-slate-500">
              {r.decidedByLabel}: {r.decisionReason}
            </span>
          )}
        </div>
      ),
    },
    { id: "arrival", header: t("refunds.col.arrival"), cell: ({ row }) => <RefundArrival arrivalBy={row.original.arrivalBy} succeededAt={row.original.succeededAt} /> },
    { id: "requestedBy", header: t("refunds.col.requestedBy"), meta: { className: "text-xs" }, cell: ({ row }) => row.original.requestedByLabel },
    timeColumn<RefundRow>({ id: "created", label: t("refunds.col.created"), zoneLabel, dateTime, at: (r) => r.createdAt }),
    ...(canApprove
      ? [
          {
            id: "actions",
            header: t("refunds.col.actions"),
            cell: ({ row: { original: r } }) =>
              r.status !== "pending_approval" ? null : r.mine ? (
                <span className="text-xs text-slate-500">{t("refunds.decide.mine")}</span>
              ) : (
                <div className="flex gap-2">
                  <Button size="sm" variant="primary" onClick={() => decide({ row: r, decision: "approve" })} aria-label={`${t("refunds.decide.approve")} ${r.refundNo}`}>
                    {t("refunds.decide.approve")}
                  </Button>
                  <Button size="sm" onClick={() => decide({ row: r, decision: "reject" })} aria-label={`${t("refunds.decide.reject")} ${r.refundNo}`}>
                    {t("refunds.decide.reject")}
                  </Button>
                </div>
              ),
          } satisfies ColumnDef<RefundRow>,
        ]
      : []),
  ];
}

export function RefundsView({ canApprove, initialTab }: { canApprove: boolean; initialTab?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const [tab, setTab] = useState<RefundTab>(refundTab(initialTab));
  const [deciding, setDeciding] = useState<Deciding>(null);
  const { range, key: rangeKey } = useListRange();
  const { provider, setProvider } = useListProvider();
  const listEmpty = useListEmpty({ title: t(`refunds.empty.${tab}`) }, { range, provider });
  const paging = useKeysetPaging(JSON.stringify([tab, rangeKey, provider]));
  const list = useQuery({ ...trpc.refund.list.queryOptions(refundsInput({ queue: tab, range, provider, cursor: paging.cursor })), placeholderData: keepPreviousData });
  const cols = useMemo(() => columns(i18n, canApprove, setDeciding), [i18n, canApprove]);
  return (
    <>
      <PageHeader title={t("refunds.title")} subtitle={t("refunds.subtitle")} />
      <Card>
        <Tabs value={tab} onValueChange={(v) => setTab(v as RefundTab)}>
          <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-3">
            <TabsList aria-label={t("refunds.title")}>
              {REFUND_TABS.map((s) => (
                <TabsTrigger key={s} value={s}>
                  {t(`refunds.tab.${s}`)}
                </TabsTrigger>
              ))}
            </TabsList>
            <ProviderFilter label={t("table.provider")} value={provider} onChange={setProvider} />
            <RangeChip field="created" />
          </div>
          <TabsContent value={tab}>
            <DataTable
              label={t(`refunds.tab.${tab}`)}
              query={list}
              rows={list.isPlaceholderData ? undefined : list.data?.items}
              columns={cols}
              getRowId={(r) => String(r.id)}
              empty={listEmpty}
              paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
            />
          </TabsContent>
        </Tabs>
      </Card>
      <DecideDialog deciding={deciding} onClose={() => setDeciding(null)} />
    </>
  );
}

/** Approve or reject with a reason (required). Enter in the reason submits; Escape cancels. */
function DecideDialog({ deciding, onClose }: { deciding: Deciding; onClose: () => void }) {
  const { t, money } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const options = {
    onSuccess: async () => {
      toast({ tone: "success" as const, text: t(deciding?.decision === "approve" ? "refunds.decide.approved" : "refunds.decide.rejected") });
      setReason("");
      onClose();
      await queryClient.invalidateQueries({ queryKey: trpc.refund.pathKey() });
    },
  };
  const approve = useMutation(trpc.refund.approve.mutationOptions(options));
  const reject = useMutation(trpc.refund.reject.mutationOptions(options));
  const m = deciding?.decision === "reject" ? reject : approve;
  if (!deciding) return null;
  const r = deciding.row;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 2) return;
    m.mutate({ refundNo: r.refundNo, reason: reason.trim() });
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) {
          approve.reset();
          reject.reset();
          setReason("");
          onClose();
        }
      }}
    >
      <DialogContent>
        <DialogTitle>{t(deciding.decision === "approve" ? "refunds.decide.approveTitle" : "refunds.decide.rejectTitle", { refundNo: r.refundNo })}</DialogTitle>
        <DialogDescription>{t("refunds.decide.summary", { requester: r.requestedByLabel, orderNo: r.orderNo, kind: t(`refunds.kind.${r.kind}`), amount: money(r.amountMinor, r.currency) })}</DialogDescription>
        <form onSubmit={submit} className="mt-4">
          <label className="block text-sm font-medium text-slate-700">
            {t("refunds.decide.reason")}
            <input autoFocus className="mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </label>
          {m.isError && (
            <p role="alert" className="mt-2 text-sm text-rose-700">
              {m.error.message}
            </p>
          )}
          <DialogFooter>
            <Button type="button" onClick={onClose}>
              {t("refunds.action.cancel")}
            </Button>
            <Button type="submit" variant={deciding.decision === "reject" ? "danger" : "primary"} disabled={reason.trim().length < 2 || m.isPending}>
              {t(deciding.decision === "approve" ? "refunds.decide.approve" : "refunds.decide.reject")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
