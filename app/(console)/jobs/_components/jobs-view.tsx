"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import type { JobStatus } from "@/lib/enums";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { Toast, nextToastId, type ToastMessage } from "@/components/ui/toast";

const TABS = ["pending", "running", "dead", "succeeded"] as const satisfies readonly JobStatus[];
type Tab = (typeof TABS)[number];

export function JobsView({ canReplay, initialStatus, initialType }: { canReplay: boolean; initialStatus?: string; initialType?: string }) {
  const { t, dateTime, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Tab>((TABS as readonly string[]).includes(initialStatus ?? "") ? (initialStatus as Tab) : "dead");
  const [type, setType] = useState(initialType ?? "");
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirm, setConfirm] = useState<null | "selected" | "all">(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const clearToast = useCallback(() => setToast(null), []);

  const list = useQuery(trpc.job.list.queryOptions({ status, type: type || undefined, limit: 100 }));
  const replay = useMutation(
    trpc.job.replayMany.mutationOptions({
      onSuccess: async (r) => {
        setToast({ id: nextToastId(), tone: "success", text: t("jobs.replayed", { n: r.replayed }) });
        setSelected(new Set());
        setConfirm(null);
        await queryClient.invalidateQueries({ queryKey: trpc.job.list.queryKey() });
      },
      onError: (e) => {
        setToast({ id: nextToastId(), tone: "error", text: t("jobs.replayFailed", { message: e.message }) });
        setConfirm(null);
      },
    }),
  );

  const switchTab = (s: Tab) => {
    setStatus(s);
    setSelected(new Set());
  };
  const rows = list.data?.items ?? [];
  const showSelect = canReplay && status === "dead";
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <PageHeader
        title={t("jobs.title")}
        actions={
          showSelect && (
            <div className="flex gap-2">
              <Button variant="primary" disabled={selected.size === 0 || replay.isPending} onClick={() => setConfirm("selected")}>
                {t("jobs.replaySelected", { n: selected.size })}
              </Button>
              <Button
                disabled={!type || (list.data?.counts.dead ?? 0) === 0 || replay.isPending}
                title={!type ? t("jobs.chooseType") : undefined}
                onClick={() => setConfirm("all")}
              >
                {t("jobs.replayAllMatching")}
              </Button>
            </div>
          )
        }
      />
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-3">
          <div role="tablist" aria-label={t("jobs.title")} className="flex gap-1">
            {TABS.map((s) => (
              <button
                key={s}
                role="tab"
                type="button"
                aria-selected={status === s}
                onClick={() => switchTab(s)}
                className={cx(
                  "-mb-px border-b-2 px-3 py-2.5 text-sm",
                  status === s ? "border-indigo-600 font-medium text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
                )}
              >
                {t(`jobs.tab.${s}`)}
                <span className={cx("ml-1.5 rounded-full px-1.5 text-xs tabular-nums", s === "dead" && (list.data?.counts.dead ?? 0) > 0 ? "bg-rose-100 text-rose-700" : "bg-slate-100 text-slate-600")}>
                  {list.data?.counts[s] ?? "·"}
                </span>
              </button>
            ))}
          </div>
          <select
            aria-label={t("jobs.filter.type")}
            value={type}
            onChange={(e) => {
              setType(e.target.value);
              setSelected(new Set());
            }}
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
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title={t("jobs.empty")} />
        ) : (
          <Table label={t(`jobs.tab.${status}`)}>
            <thead>
              <tr>
                {showSelect && (
                  <Th className="w-8">
                    <input
                      type="checkbox"
                      aria-label="select all"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                    />
                  </Th>
                )}
                <Th>{t("jobs.col.id")}</Th>
                <Th>{t("jobs.col.type")}</Th>
                <Th>{t("jobs.col.order")}</Th>
                <Th className="text-right">{t("jobs.col.attempts")}</Th>
                <Th>{t("jobs.col.lastError")}</Th>
                <Th>
                  {t("jobs.col.nextRun")} <span className="font-normal text-slate-400">({zoneLabel})</span>
                </Th>
                <Th>
                  {t("jobs.col.updated")} <span className="font-normal text-slate-400">({zoneLabel})</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white">
              {rows.map((j) => (
                <tr key={j.id} className={cx("hover:bg-slate-50", selected.has(j.id) && "bg-indigo-50/50")}>
                  {showSelect && (
                    <Td>
                      <input type="checkbox" aria-label={`select job ${j.id}`} checked={selected.has(j.id)} onChange={() => toggle(j.id)} />
                    </Td>
                  )}
                  <Td>
                    <Link href={`/jobs/${j.id}`} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
                      #{j.id}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs">{j.type}</Td>
                  <Td>
                    {j.orderNo ? (
                      <Link href={`/orders/${encodeURIComponent(j.orderNo)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                        {j.orderNo}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">
                    {j.attempts}/{j.maxAttempts}
                  </Td>
                  <Td className="max-w-md truncate font-mono text-xs text-rose-700" title={j.lastError ?? undefined}>
                    {j.lastError ?? "—"}
                  </Td>
                  <Td className="tabular-nums">{j.status === "pending" ? dateTime(j.runAt) : "—"}</Td>
                  <Td className="tabular-nums">{dateTime(j.updatedAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === "all" ? t("jobs.replayAllMatching") : t("jobs.replaySelected", { n: selected.size })}
        busy={replay.isPending}
        onCancel={() => setConfirm(null)}
        onConfirm={() =>
          replay.mutate(confirm === "all" ? { filter: { type } } : { ids: [...selected] })
        }
      >
        {confirm === "all" ? t("jobs.confirmAll", { type, n: list.data?.counts.dead ?? 0 }) : t("jobs.confirmSelected", { n: selected.size })}
      </ConfirmDialog>
      <Toast toast={toast} onDone={clearToast} />
    </>
  );
}
