"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { timeColumn } from "@/components/data-table/time-column";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { TicketPriorityBadge, TicketStatusBadge } from "@/components/tickets/ticket-badges";
import { NO_FILTERS, TICKET_TABS, ticketsInput, ticketTab, type TicketFilters, type TicketTab } from "@/components/tickets/tickets-input";
import type { TicketListRow } from "@/components/tickets/types";
import { Card, PageHeader } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { TICKET_PRIORITIES, TICKET_QUEUES, TICKET_SOURCES, type TicketPriority, type TicketQueue, type TicketSource } from "@/lib/tickets";

type I18n = ReturnType<typeof useI18n>;

function ticketColumns({ t, dateTime, zoneLabel }: I18n): ColumnDef<TicketListRow>[] {
  return [
    {
      id: "ticket",
      header: t("tickets.list.col.ticket"),
      meta: { className: "whitespace-normal" },
      cell: ({ row }) => (
        <div className="flex flex-col">
          <Link href={`/tickets/${row.original.id}`} className="font-medium text-indigo-700 hover:underline">
            {row.original.subject}
          </Link>
          <span className="text-xs text-slate-500">
            {row.original.number}
            {row.original.situation ? ` · ${t(`tickets.situation.${row.original.situation}`)}` : ""}
          </span>
        </div>
      ),
    },
    {
      id: "order",
      header: t("tickets.list.col.order"),
      cell: ({ row }) =>
        row.original.orderNo ? (
          <Link href={`/orders/${encodeURIComponent(row.original.orderNo)}`} className="font-mono text-xs text-indigo-700 hover:underline">
            {row.original.orderNo}
          </Link>
        ) : (
          "—"
        ),
    },
    { id: "status", header: t("tickets.list.col.status"), cell: ({ row }) => <TicketStatusBadge status={row.original.status} /> },
    { id: "priority", header: t("tickets.list.col.priority"), cell: ({ row }) => <TicketPriorityBadge priority={row.original.priority} /> },
    { id: "queue", header: t("tickets.list.col.queue"), cell: ({ row }) => t(`tickets.queue.${row.original.queue}`) },
    { id: "source", header: t("tickets.list.col.source"), cell: ({ row }) => t(`tickets.source.${row.original.source}`) },
    { id: "assignee", header: t("tickets.list.col.assignee"), cell: ({ row }) => row.original.assignee ?? "—" },
    timeColumn<TicketListRow>({ id: "created", label: t("tickets.list.col.created"), zoneLabel, dateTime, at: (r) => r.createdAt }),
  ];
}

/** /tickets: the queue by status tab, filtered by queue, source, priority and assignee, oldest first by default. */
export function TicketsView({ initialStatus }: { initialStatus?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const router = useRouter();
  const [status, setStatus] = useState<TicketTab>(ticketTab(initialStatus));
  const [filters, setFilters] = useState<TicketFilters>(NO_FILTERS);
  const paging = useKeysetPaging(`${status}|${JSON.stringify(filters)}`);
  const list = useQuery({ ...trpc.ticket.list.queryOptions(ticketsInput({ status, filters, cursor: paging.cursor })), placeholderData: keepPreviousData });
  const columns = useMemo(() => ticketColumns(i18n), [i18n]);
  const choose = (v: string) => {
    const next = ticketTab(v);
    setStatus(next);
    router.replace(next === "new" ? "/tickets" : `/tickets?status=${next}`, { scroll: false });
  };
  const select = "rounded-md border-0 py-1.5 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset";
  const set = <K extends keyof TicketFilters>(k: K, v: TicketFilters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  return (
    <>
      <PageHeader title={t("tickets.list.title")} subtitle={t("tickets.list.subtitle")} />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <select aria-label={t("tickets.list.filter.queue")} value={filters.queue ?? ""} onChange={(e) => set("queue", (e.target.value || undefined) as TicketQueue | undefined)} className={select}>
          <option value="">{`${t("tickets.list.filter.queue")}: ${t("tickets.list.filter.any")}`}</option>
          {TICKET_QUEUES.map((q) => (
            <option key={q} value={q}>{t(`tickets.queue.${q}`)}</option>
          ))}
        </select>
        <select aria-label={t("tickets.list.filter.source")} value={filters.source ?? ""} onChange={(e) => set("source", (e.target.value || undefined) as TicketSource | undefined)} className={select}>
          <option value="">{`${t("tickets.list.filter.source")}: ${t("tickets.list.filter.any")}`}</option>
          {TICKET_SOURCES.map((s) => (
            <option key={s} value={s}>{t(`tickets.source.${s}`)}</option>
          ))}
        </select>
        <select aria-label={t("tickets.list.filter.priority")} value={filters.priority ?? ""} onChange={(e) => set("priority", (e.target.value || undefined) as TicketPriority | undefined)} className={select}>
          <option value="">{`${t("tickets.list.filter.priority")}: ${t("tickets.list.filter.any")}`}</option>
          {TICKET_PRIORITIES.map((p) => (
            <option key={p} value={p}>{t(`tickets.priority.${p}`)}</option>
          ))}
        </select>
        <select aria-label={t("tickets.list.filter.assignee")} value={filters.assignee} onChange={(e) => set("assignee", e.target.value as TicketFilters["assignee"])} className={select}>
          {(["any", "mine", "unassigned"] as const).map((a) => (
            <option key={a} value={a}>{`${t("tickets.list.filter.assignee")}: ${t(`tickets.list.filter.${a}`)}`}</option>
          ))}
        </select>
        <select aria-label={t("tickets.list.filter.sort")} value={filters.sort} onChange={(e) => set("sort", e.target.value as TicketFilters["sort"])} className={select}>
          {(["oldest", "newest"] as const).map((s) => (
            <option key={s} value={s}>{t(`tickets.list.filter.${s}`)}</option>
          ))}
        </select>
      </div>
      <Card>
        <Tabs value={status} onValueChange={choose}>
          <div className="border-b border-slate-100 px-3">
            <TabsList aria-label={t("tickets.list.title")}>
              {TICKET_TABS.map((s) => (
                <TabsTrigger key={s} value={s}>
                  {t(`tickets.list.tab.${s}`)}
                </TabsTrigger>
              ))}
            </TabsList>
          </div>
          {TICKET_TABS.map((s) => (
            // Every panel stays in the DOM (hidden when inactive) so each tab's aria-controls names an element.
            <TabsContent key={s} value={s} forceMount>
              {s === status && (
                <DataTable
                  label={t(`tickets.list.tab.${s}`)}
                  query={list}
                  rows={list.isPlaceholderData ? undefined : list.data?.items}
                  columns={columns}
                  getRowId={(r) => String(r.id)}
                  empty={{ title: t("tickets.list.empty") }}
                  paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
                />
              )}
            </TabsContent>
          ))}
        </Tabs>
      </Card>
    </>
  );
}
