"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { ReasonText } from "@/components/reasons/reason-text";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDuration } from "@/lib/duration";

export function JobDetailView({ id, canReplay }: { id: number; canReplay: boolean }) {
  const { t, dateTime, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.job.get.queryOptions({ id }));
  const replay = useMutation(
    trpc.job.replay.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("jobs.replayed", { n: 1 }) });
        await queryClient.invalidateQueries({ queryKey: trpc.job.get.queryKey({ id }) });
      },
      onError: (e) => toast({ tone: "error", text: t("jobs.replayFailed", { message: e.message }) }),
    }),
  );
  const back = (
    <Link href="/jobs" className="text-xs text-slate-500 hover:text-slate-800">
      ← {t("nav.jobs")}
    </Link>
  );
  if (q.isPending) return <>{back}<LoadingState /></>;
  if (q.isError) return <>{back}<ErrorState error={q.error} onRetry={() => q.refetch()} /></>;
  const { job, attempts } = q.data;
  return (
    <>
      {back}
      <div className="mt-1 mb-4 flex items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 className="text-lg font-semibold">{t("jobs.detail", { id: job.id })}</h1>
          <span className="font-mono text-sm text-slate-600">{job.type}</span>
          <Badge tone={job.status === "dead" ? "red" : job.status === "succeeded" ? "green" : job.status === "running" ? "blue" : "amber"}>
            {t(`jobs.tab.${job.status}`)}
          </Badge>
        </div>
        {canReplay && (job.status === "dead" || job.status === "cancelled") && (
          <Button variant="primary" disabled={replay.isPending} onClick={() => replay.mutate({ id })}>
            {t("jobs.replayOne")}
          </Button>
        )}
      </div>
      <div className="grid gap-4 xl:grid-cols-[22rem_1fr]">
        <Card title={t("jobs.payload")} className="self-start">
          <dl className="divide-y divide-slate-100 text-sm">
            {[
              [t("jobs.col.order"), job.orderNo ? <Link key="order" className="font-mono text-xs text-indigo-700 hover:underline" href={`/orders/${encodeURIComponent(job.orderNo)}`}>{job.orderNo}</Link> : "—"],
              [t("jobs.col.attempts"), `${job.attempts}/${job.maxAttempts}`],
              [`${t("jobs.col.nextRun")} (${zoneLabel})`, job.status === "pending" ? dateTime(job.runAt) : "—"],
              [`${t("jobs.col.updated")} (${zoneLabel})`, dateTime(job.updatedAt)],
              [t("jobs.col.lastError"), <ReasonText key="lastError" reason={job.lastErrorCoded} raw={job.lastError} className="text-xs break-all text-rose-700" />],
            ].map(([k, v], i) => (
              <div key={i} className="grid grid-cols-[8rem_1fr] gap-2 px-4 py-2">
                <dt className="text-xs text-slate-500">{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <pre className="m-3 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">{JSON.stringify(job.payload, null, 2)}</pre>
        </Card>
        <Card title={`${t("jobs.attempts")} (${zoneLabel})`}>
          {attempts.length === 0 ? (
            <EmptyState title={t("jobs.noAttempts")} />
          ) : (
            <Table label={t("jobs.attempts")}>
              <thead>
                <tr>
                  <Th>#</Th>
                  <Th>{t("jobs.col.started")}</Th>
                  <Th>{t("order.status")}</Th>
                  <Th>{t("tl.duration")}</Th>
                  <Th>{t("tl.httpStatus")}</Th>
                  <Th>{t("jobs.col.lastError")}</Th>
                  <Th>{t("jobs.worker")}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {attempts.map((a) => {
                  const d = (a.detail ?? {}) as { status?: number; httpStatus?: number };
                  return (
                    <tr key={a.id}>
                      <Td className="tabular-nums">{a.attempt}</Td>
                      <Td className="tabular-nums">{dateTime(a.startedAt)}</Td>
                      <Td>
                        <Badge tone={a.ok ? "green" : a.ok === false ? "red" : "gray"}>{a.ok ? t("tl.ok") : a.ok === false ? t("tl.failed") : "…"}</Badge>
                      </Td>
                      <Td className="tabular-nums">{a.durationMs !== null ? formatDuration(a.durationMs) : "—"}</Td>
                      <Td className="font-mono text-xs">{d.httpStatus ?? d.status ?? "—"}</Td>
                      <Td className="max-w-sm text-xs break-all whitespace-normal text-rose-700">{a.error ? <ReasonText reason={a.errorCoded} raw={a.error} /> : ""}</Td>
                      <Td className="font-mono text-[11px] text-slate-500">{a.workerId}</Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
