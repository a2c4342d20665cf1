"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { timeColumn } from "@/components/data-table/time-column";
import type { BulkAction } from "@/components/data-table/bulk-action-bar";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { ReasonText } from "@/components/reasons/reason-text";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toast";
import { asReason } from "@/lib/reasons";
import type { AppRouter } from "@/server/api/root";
import { JOB_TABS, jobTab, jobsInput, type JobTab } from "./jobs-input";

type JobRow = inferRouterOutputs<AppRouter>["job"]["list"]["items"][number];
type I18n = ReturnType<typeof useI18n>;

function jobIdCell(j: JobRow) {
  return (
    <Link href={`/jobs/${j.id}`} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
      #{j.id}
    </Link>
  );
}

function jobOrderCell(j: JobRow) {
  if (!j.orderNo) return "—";
  return (
    <Link href={`/orders/${encodeURIComponent(j.orderNo)}`} className="font-mono text-xs text-indigo-700 hover:underline">
      {j.orderNo}
    </Link>
  );
}

function jobLastErrorCell(j: JobRow) {
  return <ReasonText reason={asReason(j.lastErrorCoded)} raw={j.lastError} inline className="max-w-md text-xs text-rose-700" />;
}

function jobColumns({ t, dateTime, zoneLabel }: I18n): ColumnDef<JobRow>[] {
  return [
    { id: "id", header: t("jobs.col.id"), cell: ({ row }) => jobIdCell(row.original) },
    { id: "type", header: t("jobs.col.type"), meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.type },
    { id: "order", header: t("jobs.col.order"), cell: ({ row }) => jobOrderCell(row.original) },
    {
      id: "attempts",
      header: t("jobs.col.attempts"),
      meta: { headerClassName: "text-right", className: "text-right tabular-nums" },
      cell: ({ row }) => `${row.original.attempts}/${row.original.maxAttempts}`,
    },
    { id: "lastError", header: t("jobs.col.lastError"), meta: { className: "max-w-md" }, cell: ({ row }) => jobLastErrorCell(row.original) },
    timeColumn<JobRow>({ id: "nextRun", label: t("jobs.col.nextRun"), zoneLabel, dateTime, at: (j) => (j.status === "pending" ? j.runAt : null) }),
    timeColumn<JobRow>({ id: "updated", label: t("jobs.col.updated"), zoneLabel, dateTime, at: (j) => j.updatedAt }),
  ];
}

export function JobsView({ canReplay, initialStatus, initialType }: { canReplay: boolean; initialStatus?: string; initialType?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<JobTab>(jobTab(initialStatus));
  const [type, setType] = useState(initialType ?? "");
  const [confirmAll, setConfirmAll] = useState(false);
  const paging = useKeysetPaging(`${status}|${type}`);

  const list = useQuery({ ...trpc.job.list.queryOptions(jobsInput({ status, type, cursor: paging.cursor })), placeholderData: keepPreviousData });
  const replay = useMutation(trpc.job.replayMany.mutationOptions());
  const columns = useMemo(() => jobColumns(i18n), [i18n]);

  const afterReplay = async (replayed: number) => {
    await queryClient.invalidateQueries({ queryKey: trpc.job.list.queryKey() });
    return t("jobs.replayed", { n: replayed });
  };
  const replaySelected: BulkAction<JobRow> = {
    id: "replay",
    label: (n) => t("jobs.replaySelected", { n }),
    confirm: (n) => ({ title: t("jobs.replaySelected", { n }), body: t("jobs.confirmSelected", { n }) }),
    run: async (ids) => afterReplay((await replay.mutateAsync({ ids: ids.map(Number) })).replayed),
    failure: (message) => t("jobs.replayFailed", { message }),
  };
  const replayAllMatching = () =>
    replay.mutate(
      { filter: { type } },
      {
        onSuccess: (r) => void afterReplay(r.replayed).then((text) => toast({ tone: "success", text })),
        onError: (e) => toast({ tone: "error", text: t("jobs.replayFailed", { message: e.message }) }),
        onSettled: () => setConfirmAll(false),
      },
    );

  const counts = list.data?.counts;
  const countLabel = (n: number | undefined) => (n === undefined ? "·" : n > (list.data?.countCap ?? Infinity) ? `${list.data!.countCap}+` : String(n));
  const deadCount = counts?.dead ?? 0;
  return (
    <>
      <PageHeader
        title={t("jobs.title")}
        actions={
          canReplay &&
          status === "dead" && (
            <Button disabled={!type || deadCount === 0 || replay.isPending} title={!type ? t("jobs.chooseType") : undefined} onClick={() => setConfirmAll(true)}>
              {t("jobs.replayAllMatching")}
            </Button>
          )
        }
      />
      <Card>
        <Tabs value={status} onValueChange={(v) => setStatus(v as JobTab)}>
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-3">
            <TabsList aria-label={t("jobs.title")}>
              {JOB_TABS.map((s) => (
                <TabsTrigger key={s} value={s}>
                  {t(`jobs.tab.${s}`)}
                  <span className={cx("ml-1.5 rounded-full px-1.5 text-xs tabular-nums", s === "dead" && deadCount > 0 ? "bg-rose-100 text-rose-700" : "bg-slate-100 text-slate-600")}>
                    {countLabel(counts?.[s])}
                  </span>
                </TabsTrigger>
              ))}
            </TabsList>
            <select
              aria-label={t("jobs.filter.type")}
              value={type}
              onChange={(e) => setType(e.target.value)}
              className="my-2 rounded-md border-0 py-1.5 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset"
            >
              <option value="">
                {t("jobs.filter.type")}: {t("common.all")}
              </option>
              {(list.data?.types ?? (type ? [type] : [])).map((ty) => (
                <option key={ty} value={ty}>
                  {ty}
                </option>
              ))}
            </select>
          </div>
          <TabsContent value={status}>
            <DataTable
              label={t(`jobs.tab.${status}`)}
              query={list}
              rows={list.isPlaceholderData ? undefined : list.data?.items}
              columns={columns}
              getRowId={(j) => String(j.id)}
              empty={{ title: t("jobs.empty") }}
              paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
              selection={canReplay && status === "dead" ? { actions: [replaySelected], rowLabel: (j) => `#${j.id}`, resetKey: `${status}|${type}|${paging.page}` } : undefined}
            />
          </TabsContent>
        </Tabs>
      </Card>
      <ConfirmDialog open={confirmAll} title={t("jobs.replayAllMatching")} busy={replay.isPending} onCancel={() => setConfirmAll(false)} onConfirm={replayAllMatching}>
        {t("jobs.confirmAll", { type, n: deadCount })}
      </ConfirmDialog>
    </>
  );
}
