"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { RangeChip } from "@/components/data-table/range-chip";
import { timeColumn } from "@/components/data-table/time-column";
import { useListEmpty } from "@/components/data-table/use-list-empty";
import { useListRange } from "@/components/data-table/use-list-range";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { TruncatedText } from "@/components/ui/tooltip";
import { Card } from "@/components/ui/card";
import { DeliveryStatusBadge } from "@/components/user-notices/notice-badges";
import { NOTICE_CHANNELS, NOTICE_DELIVERY_STATUSES, NOTICE_SITUATIONS, type NoticeChannel, type NoticeDeliveryStatus, type NoticeSituation } from "@/lib/user-notices";
import type { AppRouter } from "@/server/api/root";
import { noticeDeliveriesInput } from "./user-notices-input";

type Row = inferRouterOutputs<AppRouter>["userNotice"]["deliveryList"]["items"][number];
type I18n = ReturnType<typeof useI18n>;

function columns({ t, dateTime, zoneLabel }: I18n): ColumnDef<Row>[] {
  return [
    {
      id: "order",
      header: t("userNotices.log.col.order"),
      cell: ({ row }) =>
        row.original.orderNo ? (
          <Link href={`/orders/${encodeURIComponent(row.original.orderNo)}`} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
            {row.original.orderNo}
          </Link>
        ) : (
          <span className="text-xs text-slate-500">{t("userNotices.log.test")}</span>
        ),
    },
    {
      id: "situation",
      header: t("userNotices.log.col.situation"),
      meta: { className: "text-xs" },
      cell: ({ row }) =>
        row.original.situation ? `${t(`userNotices.situation.${row.original.situation}`)}${row.original.kind === "follow_up" ? ` · ${t("userNotices.kind.follow_up")}` : ""}` : "—",
    },
    { id: "channel", header: t("userNotices.log.col.channel"), cell: ({ row }) => t(`userNotices.channel.${row.original.channel}`) },
    { id: "target", header: t("userNotices.log.col.target"), meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.target },
    { id: "status", header: t("userNotices.log.col.status"), cell: ({ row }) => <DeliveryStatusBadge status={row.original.status} /> },
    { id: "attempts", header: t("userNotices.log.col.attempts"), meta: { headerClassName: "text-right", className: "text-right tabular-nums" }, cell: ({ row }) => row.original.attempts },
    { id: "text", header: t("userNotices.log.col.text"), meta: { className: "max-w-sm text-xs" }, cell: ({ row }) => <TruncatedText text={row.original.text} /> },
    { id: "error", header: t("userNotices.log.col.error"), meta: { className: "max-w-xs text-xs text-rose-700" }, cell: ({ row }) => (row.original.lastError ? <TruncatedText text={row.original.lastError} /> : "") },
    timeColumn<Row>({ id: "sentAt", label: t("userNotices.log.col.sentAt"), zoneLabel, dateTime, at: (d) => d.sentAt }),
    timeColumn<Row>({ id: "createdAt", label: t("userNotices.log.col.createdAt"), zoneLabel, dateTime, at: (d) => d.createdAt }),
  ];
}

export function DeliveryLog() {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const [situation, setSituation] = useState<NoticeSituation | "">("");
  const [channel, setChannel] = useState<NoticeChannel | "">("");
  const [status, setStatus] = useState<NoticeDeliveryStatus | "">("");
  const { range, key: rangeKey } = useListRange();
  const listEmpty = useListEmpty({ title: t("userNotices.log.empty") }, { range });
  const paging = useKeysetPaging(`${situation}|${channel}|${status}|${rangeKey}`);
  const list = useQuery({ ...trpc.userNotice.deliveryList.queryOptions(noticeDeliveriesInput({ situation, channel, status, range, cursor: paging.cursor })), placeholderData: keepPreviousData });
  const cols = useMemo(() => columns(i18n), [i18n]);
  const select = "rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset";
  return (
    <Card
      title={t("userNotices.log.title")}
      actions={
        <div className="flex flex-wrap items-center gap-2">
          <RangeChip field="created" />
          <select aria-label={t("userNotices.log.filter.situation")} value={situation} onChange={(e) => setSituation(e.target.value as NoticeSituation | "")} className={select}>
            <option value="">
              {t("userNotices.log.filter.situation")}: {t("common.all")}
            </option>
            {NOTICE_SITUATIONS.map((s) => (
              <option key={s} value={s}>
                {t(`userNotices.situation.${s}`)}
              </option>
            ))}
          </select>
          <select aria-label={t("userNotices.log.filter.channel")} value={channel} onChange={(e) => setChannel(e.target.value as NoticeChannel | "")} className={select}>
            <option value="">
              {t("userNotices.log.filter.channel")}: {t("common.all")}
            </option>
            {NOTICE_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`userNotices.channel.${c}`)}
              </option>
            ))}
          </select>
          <select aria-label={t("userNotices.log.filter.status")} value={status} onChange={(e) => setStatus(e.target.value as NoticeDeliveryStatus | "")} className={select}>
            <option value="">
              {t("userNotices.log.filter.status")}: {t("common.all")}
            </option>
            {NOTICE_DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`userNotices.deliveryStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
      }
    >
      <DataTable
        label={t("userNotices.log.title")}
        query={list}
        rows={list.isPlaceholderData ? undefined : list.data?.items}
        columns={cols}
        getRowId={(d) => String(d.id)}
        empty={listEmpty}
        paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
      />
    </Card>
  );
}
