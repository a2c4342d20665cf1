"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { formatDuration } from "@/lib/duration";

export function HealthView() {
  const { t, dateTime } = useI18n();
  const trpc = useTRPC();
  // Prefetched by the page; polled here. A degraded or down system is still an answer (status "down"
  // with the details), not an error: that is exactly when ops need the details.
  const health = useQuery({ ...trpc.ops.health.queryOptions(), refetchInterval: 15_000 });
  if (health.isPending) return <LoadingState />;
  if (health.isError) return <ErrorState error={health.error} onRetry={() => health.refetch()} />;
  const h = health.data;
  const good = h.status === "ok";
  return (
    <>
      <PageHeader
        title={t("ops.title")}
        subtitle={`${t("ops.checkedAt")}: ${dateTime(new Date(health.dataUpdatedAt))}`}
        actions={<Badge tone={good ? "green" : "red"}>{`${t("ops.status")}: ${h.status}`}</Badge>}
      />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <Card title={t("ops.database")} actions={<Badge tone={h.database?.ok ? "green" : "red"}>{h.database?.ok ? "OK" : "DOWN"}</Badge>}>
          <Stats>
            <Stat label={t("ops.driver")} value={h.database?.driver ?? "—"} />
            <Stat label={t("ops.latency")} value={h.database ? `${h.database.latencyMs} ms` : "—"} />
          </Stats>
        </Card>
        <Card
          title={t("ops.migrations")}
          actions={<Badge tone={h.migrations && h.migrations.applied === h.migrations.expected ? "green" : "amber"}>{h.migrations ? `${h.migrations.applied}/${h.migrations.expected}` : "—"}</Badge>}
        >
          <Stats>
            <Stat label={t("ops.applied")} value={h.migrations?.applied ?? "—"} />
            <Stat label={t("ops.expected")} value={h.migrations?.expected ?? "—"} />
            <Stat label={t("ops.current")} value={h.migrations ? (h.migrations.current ? "✓" : "✗") : "—"} />
          </Stats>
        </Card>
        <Card title={t("ops.jobs")} actions={(h.jobs?.dead ?? 0) > 0 ? <Badge tone="red">{`${t("ops.dead")} ${h.jobs!.dead}`}</Badge> : undefined}>
          <Stats>
            <Stat label={t("ops.pending")} value={h.jobs?.pending ?? "—"} />
            <Stat label={t("ops.due")} value={h.jobs?.due ?? "—"} />
            <Stat label={t("ops.running")} value={h.jobs?.running ?? "—"} />
            <Stat label={t("ops.dead")} value={h.jobs?.dead ?? "—"} alert={(h.jobs?.dead ?? 0) > 0} />
            <Stat label={t("ops.oldestDue")} value={h.jobs?.oldestDueAgeMs != null ? formatDuration(h.jobs.oldestDueAgeMs) : "—"} />
          </Stats>
        </Card>
        <Card
          title={t("ops.inbox")}
          actions={(h.inbox?.oldestAgeMs ?? 0) > 60_000 ? <Badge tone="red">{`${t("ops.inboxOldest")} ${formatDuration(h.inbox!.oldestAgeMs!)}`}</Badge> : undefined}
        >
          <Stats>
            <Stat label={t("ops.inboxWaiting")} value={h.inbox?.waiting ?? "—"} />
            <Stat label={t("ops.inboxOldest")} value={h.inbox?.oldestAgeMs != null ? formatDuration(h.inbox.oldestAgeMs) : "—"} alert={(h.inbox?.oldestAgeMs ?? 0) > 60_000} />
            <Stat label={t("ops.inboxWaitingForOrder")} value={h.inbox?.waitingForOrder ?? "—"} />
            <Stat label={t("ops.inboxApplyLag")} value={h.inbox?.applyLagP99Ms != null ? formatDuration(h.inbox.applyLagP99Ms) : "—"} />
          </Stats>
        </Card>
      </div>
    </>
  );
}

function Stats({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-2 gap-px bg-slate-100">{children}</dl>;
}

function Stat({ label, value, alert }: { label: string; value: ReactNode; alert?: boolean }) {
  return (
    <div className="bg-white px-4 py-3 [&:last-child:nth-child(odd)]:col-span-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={alert ? "mt-0.5 text-xl font-semibold text-rose-700 tabular-nums" : "mt-0.5 text-xl font-semibold tabular-nums"}>{value}</dd>
    </div>
  );
}
