"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { timeColumn } from "@/components/data-table/time-column";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { ALERT_CHANNELS, DELIVERY_STATUSES, type AlertChannel, type DeliveryStatus } from "@/lib/alerts";
import type { AppRouter } from "@/server/api/root";
import { deliveriesInput } from "./channels-input";
import { ContactsPanel } from "./contacts-panel";
import { RoutesPanel } from "./routes-panel";

type Outputs = inferRouterOutputs<AppRouter>["alertChannel"];
type DeliveryRow = Outputs["deliveryList"]["items"][number];
type I18n = ReturnType<typeof useI18n>;

export const DELIVERY_TONE: Record<DeliveryStatus, Tone> = { pending: "blue", sent: "green", failed: "red", retrying: "amber", rate_limited: "amber" };

function ChannelStatus() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.alertChannel.channelStatus.queryOptions({}));
  const sendTest = useMutation(trpc.alertChannel.sendTest.mutationOptions());
  const test = (channel: AlertChannel) =>
    sendTest.mutate(
      { channel },
      {
        onSuccess: (r) => {
          void queryClient.invalidateQueries({ queryKey: trpc.alertChannel.deliveryList.queryKey() }).then(() => {
            toast({ tone: r.status === "failed" ? "error" : "success", text: t("alertChannels.status.testSent", { channel: t(`alertChannels.channel.${channel}`), status: t(`alertChannels.deliveries.status.${r.status}`) }) });
          });
        },
        onError: (e) => toast({ tone: "error", text: t("alertChannels.status.testFailed", { channel: t(`alertChannels.channel.${channel}`), message: e.message }) }),
      },
    );

  if (status.isPending) return <LoadingState rows={2} />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  const byChannel = new Map(status.data.map((s) => [s.channel, s]));
  return (
    <ul className="grid gap-3 p-4 sm:grid-cols-2 xl:grid-cols-4">
      {ALERT_CHANNELS.map((channel) => {
        const s = byChannel.get(channel);
        const configured = s?.configured ?? false;
        return (
          <li key={channel} className="rounded-md border border-slate-200 p-3" aria-label={t(`alertChannels.channel.${channel}`)}>
            <div className="flex items-center justify-between gap-2">
              <span className="text-sm font-medium text-slate-900">{t(`alertChannels.channel.${channel}`)}</span>
              <Badge tone={configured ? "green" : "gray"}>{t(configured ? "alertChannels.status.configured" : "alertChannels.status.notConfigured")}</Badge>
            </div>
            <p className="mt-1 truncate font-mono text-xs text-slate-500" title={s?.target}>
              {configured ? s?.target || "—" : t("alertChannels.status.notConfiguredHint")}
            </p>
            <Button size="sm" className="mt-2" disabled={!configured || sendTest.isPending} onClick={() => test(channel)} aria-label={`${t("alertChannels.status.sendTest")}: ${t(`alertChannels.channel.${channel}`)}`}>
              {t("alertChannels.status.sendTest")}
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

function deliveryColumns({ t, dateTime, zoneLabel }: I18n): ColumnDef<DeliveryRow>[] {
  return [
    {
      id: "alert",
      header: t("alertChannels.deliveries.col.alert"),
      cell: ({ row }) =>
        row.original.alertId ? (
          <Link href={`/alerts/${row.original.alertId}`} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
            #{row.original.alertId}
          </Link>
        ) : (
          <span className="text-xs text-slate-500">{t("alertChannels.deliveries.test")}</span>
        ),
    },
    {
      id: "event",
      header: t("alertChannels.deliveries.col.event"),
      meta: { className: "text-xs" },
      cell: ({ row }) => {
        const e = row.original.event;
        return ["firing", "repeat", "escalation", "resolved", "test"].includes(e) ? t(`alertChannels.deliveries.event.${e as "firing"}`) : e;
      },
    },
    { id: "channel", header: t("alertChannels.deliveries.col.channel"), cell: ({ row }) => t(`alertChannels.channel.${row.original.channel as AlertChannel}`) },
    { id: "target", header: t("alertChannels.deliveries.col.target"), meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.target },
    {
      id: "status",
      header: t("alertChannels.deliveries.col.status"),
      cell: ({ row }) => <Badge tone={DELIVERY_TONE[row.original.status as DeliveryStatus] ?? "gray"}>{t(`alertChannels.deliveries.status.${row.original.status as DeliveryStatus}`)}</Badge>,
    },
    { id: "attempts", header: t("alertChannels.deliveries.col.attempts"), meta: { headerClassName: "text-right", className: "text-right tabular-nums" }, cell: ({ row }) => row.original.attempts },
    { id: "lastError", header: t("alertChannels.deliveries.col.lastError"), meta: { className: "max-w-xs truncate text-xs text-rose-700" }, cell: ({ row }) => row.original.lastError ?? "" },
    timeColumn<DeliveryRow>({ id: "sentAt", label: t("alertChannels.deliveries.col.sentAt"), zoneLabel, dateTime, at: (d) => d.sentAt }),
    timeColumn<DeliveryRow>({ id: "createdAt", label: t("alertChannels.deliveries.col.createdAt"), zoneLabel, dateTime, at: (d) => d.createdAt }),
  ];
}

function DeliveryLog() {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const [channel, setChannel] = useState<AlertChannel | "">("");
  const [status, setStatus] = useState<DeliveryStatus | "">("");
  const paging = useKeysetPaging(`${channel}|${status}`);
  const list = useQuery({ ...trpc.alertChannel.deliveryList.queryOptions(deliveriesInput({ channel, status, cursor: paging.cursor })), placeholderData: keepPreviousData });
  const columns = useMemo(() => deliveryColumns(i18n), [i18n]);
  const select = "rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset";
  return (
    <Card
      title={t("alertChannels.deliveries.title")}
      actions={
        <div className="flex gap-2">
          <select aria-label={t("alertChannels.deliveries.filter.channel")} value={channel} onChange={(e) => setChannel(e.target.value as AlertChannel | "")} className={select}>
            <option value="">
              {t("alertChannels.deliveries.filter.channel")}: {t("common.all")}
            </option>
            {ALERT_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`alertChannels.channel.${c}`)}
              </option>
            ))}
          </select>
          <select aria-label={t("alertChannels.deliveries.filter.status")} value={status} onChange={(e) => setStatus(e.target.value as DeliveryStatus | "")} className={select}>
            <option value="">
              {t("alertChannels.deliveries.filter.status")}: {t("common.all")}
            </option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`alertChannels.deliveries.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      }
    >
      <DataTable
        label={t("alertChannels.deliveries.title")}
        query={list}
        rows={list.isPlaceholderData ? undefined : list.data?.items}
        columns={columns}
        getRowId={(d) => String(d.id)}
        empty={{ title: t("alertChannels.deliveries.empty") }}
        paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
      />
    </Card>
  );
}

export function ChannelsView() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t("alertChannels.title")} subtitle={t("alertChannels.subtitle")} />
      <div className="space-y-5">
        <Card title={t("alertChannels.status.title")}>
          <ChannelStatus />
        </Card>
        <ContactsPanel />
        <RoutesPanel />
        <DeliveryLog />
      </div>
    </>
  );
}
