"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { useRowKeys } from "@/components/data-table/use-row-keys";
import type { BulkAction } from "@/components/data-table/bulk-action-bar";
import { DataTable } from "@/components/data-table/data-table";
import { ProviderFilter } from "@/components/data-table/provider-filter";
import { RangeChip } from "@/components/data-table/range-chip";
import { useListProvider } from "@/components/data-table/use-list-provider";
import { timeColumn } from "@/components/data-table/time-column";
import { useListEmpty } from "@/components/data-table/use-list-empty";
import { useListRange } from "@/components/data-table/use-list-range";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { AvailabilityToggle } from "@/components/tickets/availability-toggle";
import { NewTicketDialog } from "@/components/tickets/new-ticket-dialog";
import { SlaBadge, TicketPriorityBadge, TicketStatusBadge } from "@/components/tickets/ticket-badges";
import {
  countsInput,
  DEFAULT_VIEWS,
  NO_FILTERS,
  TICKET_TABS,
  ticketRangeOn,
  ticketsInput,
  ticketTab,
  viewFromRecord,
  viewToRecord,
  type DefaultView,
  type TicketFilters,
  type TicketTab,
} from "@/components/tickets/tickets-input";
import type { TicketListRow } from "@/components/tickets/types";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toast";
import { withListRange } from "@/lib/list-range";
import { SLA_STATES, TICKET_PRIORITIES, TICKET_QUEUES, TICKET_SOURCES, TICKET_STATUSES, TICKET_TYPES, type TicketPriority, type TicketQueue, type TicketStatus } from "@/lib/tickets";

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
    { id: "due", header: t("tickets.list.col.due"), cell: ({ row }) => <SlaBadge t={row.original} /> },
    { id: "type", header: t("tickets.list.col.type"), cell: ({ row }) => t(`tickets.type.${row.original.type}`) },
    { id: "queue", header: t("tickets.list.col.queue"), cell: ({ row }) => t(`tickets.queue.${row.original.queue}`) },
    { id: "assignee", header: t("tickets.list.col.assignee"), cell: ({ row }) => row.original.assignee ?? "—" },
    timeColumn<TicketListRow>({ id: "created", label: t("tickets.list.col.created"), zoneLabel, dateTime, at: (r) => r.createdAt }),
  ];
}

const select = "rounded-md border-0 py-1.5 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset";

/** What the bulk bar applies to the selected tickets (each choice optional). */
interface BulkTargets {
  queue?: TicketQueue;
  status?: TicketStatus;
  priority?: TicketPriority;
  assignee?: string;
}

function useBulkActions(targets: BulkTargets, canAssign: boolean, done: () => Promise<unknown>): BulkAction<TicketListRow>[] {
  const { t } = useI18n();
  const trpc = useTRPC();
  const update = useMutation(trpc.ticket.bulkUpdate.mutationOptions());
  const assign = useMutation(trpc.ticket.bulkAssign.mutationOptions());
  const anything = Boolean(targets.queue || targets.status || targets.priority || targets.assignee);
  if (!anything) return [];
  return [
    {
      id: "apply",
      label: (n) => `${t("tickets.list.bulk.apply")} (${n})`,
      run: async (ids) => {
        const list = ids.map(Number);
        const results = [];
        if (canAssign && (targets.queue || targets.assignee))
          results.push(await assign.mutateAsync({ ids: list, queue: targets.queue, assignee: targets.assignee === "none" ? null : targets.assignee }));
        if (targets.status || targets.priority) results.push(await update.mutateAsync({ ids: list, status: targets.status, priority: targets.priority }));
        await done();
        const failed = results.flatMap((r) => r.failed);
        if (failed.length > 0) throw new Error(t("tickets.list.bulk.partial", { ok: list.length - new Set(failed.map((f) => f.id)).size, failed: new Set(failed.map((f) => f.id)).size, message: failed[0]!.message }));
        return t("tickets.list.bulk.done", { count: list.length });
      },
      failure: (m) => m,
    },
  ];
}

/**
 * /tickets: the queues. Queue buttons and status tabs with counts, filters and saved views, bulk changes on
 * the selected rows, j/k to move and Enter to open, and the agent's own availability switch.
 */
const ticketHref = (r: { id: number }) => `/tickets/${r.id}`;

export function TicketsView({
  initialStatus,
  initialFilters = NO_FILTERS,
  canUpdate,
  canAssign,
  canConfigure,
}: {
  initialStatus?: string;
  initialFilters?: TicketFilters;
  canUpdate: boolean;
  canAssign: boolean;
  canConfigure: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<TicketTab>(ticketTab(initialStatus));
  const [filters, setFilters] = useState<TicketFilters>(initialFilters);
  const [targets, setTargets] = useState<BulkTargets>({});
  // The window lives in the URL only (the chip's × drops it from there), so a saved view never pins one.
  const { range, key: rangeKey } = useListRange();
  // &on=resolved|breached: which time the window applies to (created by default).
  const rangeOn = ticketRangeOn(useSearchParams()?.get("on"));
  // ?provider= (URL only, like the window): tickets about an order of that provider.
  const { provider, setProvider } = useListProvider();
  const listEmpty = useListEmpty({ title: t("tickets.list.empty") }, { range, provider });
  const paging = useKeysetPaging(`${status}|${JSON.stringify(filters)}|${rangeKey}|${rangeOn}|${provider}`);
  const list = useQuery({ ...trpc.ticket.list.queryOptions(ticketsInput({ status, filters, range, rangeOn, provider, cursor: paging.cursor })), placeholderData: keepPreviousData });
  const counts = useQuery({ ...trpc.ticket.counts.queryOptions(countsInput(filters, range, rangeOn, provider)), placeholderData: keepPreviousData });
  const views = useQuery(trpc.ticket.views.queryOptions({}));
  const assignees = useQuery({ ...trpc.ticket.assignees.queryOptions({}), enabled: canAssign });
  const saveView = useMutation(trpc.ticket.saveView.mutationOptions({ onSuccess: () => views.refetch() }));
  const columns = useMemo(() => ticketColumns(i18n), [i18n]);
  const refresh = () => queryClient.invalidateQueries(trpc.ticket.pathFilter());
  const bulk = useBulkActions(targets, canAssign, refresh);
  const rows = list.isPlaceholderData ? undefined : list.data?.items;

  const choose = (v: string) => {
    const next = ticketTab(v);
    setStatus(next);
    resetActive();
    const query = new URLSearchParams({ ...(next === "active" ? {} : { status: next }), ...(provider ? { provider } : {}) }).toString();
    const href = withListRange(query ? `/tickets?${query}` : "/tickets", range);
    router.replace(range && rangeOn !== "created" ? `${href}&on=${rangeOn}` : href, { scroll: false });
  };
  const set = <K extends keyof TicketFilters>(k: K, v: TicketFilters[K]) => {
    setFilters((f) => ({ ...f, [k]: v }));
    resetActive();
  };
  const applyView = (value: string) => {
    if (!value) return;
    const v = value.startsWith("saved:") ? viewFromRecord(views.data?.find((x) => String(x.id) === value.slice(6))?.filters ?? {}) : DEFAULT_VIEWS[value as DefaultView];
    setFilters(v.filters);
    choose(v.status);
  };
  const countOf = (tab: TicketTab): number | null => {
    const c = counts.data;
    if (!c) return null;
    if (tab === "all") return TICKET_STATUSES.reduce((n, s) => n + c[s], 0);
    if (tab === "active") return c.new + c.open + c.pending + c.pending_approval;
    return c[tab];
  };

  const { activeId, resetActive } = useRowKeys(rows, ticketHref);
  return (
    <>
      <PageHeader
        title={t("tickets.list.title")}
        subtitle={t("tickets.list.subtitle")}
        actions={
          <div className="flex flex-wrap items-center gap-3">
            {canUpdate && <AvailabilityToggle />}
            {canUpdate && <NewTicketDialog onCreated={(id) => router.push(`/tickets/${id}`)} />}
            {canConfigure && (
              <Link href="/tickets/settings" className="text-sm text-indigo-700 hover:underline">
                {t("tickets.settings.title")}
              </Link>
            )}
          </div>
        }
      />
      <div role="group" aria-label={t("tickets.list.filter.queue")} className="mb-3 flex flex-wrap gap-1">
        {([undefined, ...TICKET_QUEUES] as const).map((q) => (
          <Button key={q ?? "all"} size="sm" variant={filters.queue === q ? "primary" : "secondary"} aria-pressed={filters.queue === q} onClick={() => set("queue", q)}>
            {q ? t(`tickets.queue.${q}`) : t("tickets.list.filter.allQueues")}
          </Button>
        ))}
      </div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <select aria-label={t("tickets.list.filter.view")} value="" onChange={(e) => applyView(e.target.value)} className={select}>
          <option value="">{t("tickets.list.filter.view")}…</option>
          {(Object.keys(DEFAULT_VIEWS) as DefaultView[]).map((v) => (
            <option key={v} value={v}>{t(`tickets.views.${v}`)}</option>
          ))}
          {views.data?.map((v) => (
            <option key={v.id} value={`saved:${v.id}`}>{`${t("tickets.views.custom")}: ${v.name}`}</option>
          ))}
        </select>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            const name = window.prompt(t("tickets.list.filter.viewName"));
            if (name?.trim()) saveView.mutate({ name: name.trim(), filters: viewToRecord({ status, filters }) }, { onError: (e) => toast({ tone: "error", text: e.message }) });
          }}
        >
          {t("tickets.list.filter.saveView")}
        </Button>
        <select aria-label={t("tickets.list.filter.type")} value={filters.type ?? ""} onChange={(e) => set("type", (e.target.value || undefined) as TicketFilters["type"])} className={select}>
          <option value="">{`${t("tickets.list.filter.type")}: ${t("tickets.list.filter.any")}`}</option>
          {TICKET_TYPES.map((s) => (
            <option key={s} value={s}>{t(`tickets.type.${s}`)}</option>
          ))}
        </select>
        <select aria-label={t("tickets.list.filter.priority")} value={filters.priority ?? ""} onChange={(e) => set("priority", (e.target.value || undefined) as TicketFilters["priority"])} className={select}>
          <option value="">{`${t("tickets.list.filter.priority")}: ${t("tickets.list.filter.any")}`}</option>
          {TICKET_PRIORITIES.map((p) => (
            <option key={p} value={p}>{t(`tickets.priority.${p}`)}</option>
          ))}
        </select>
        <select aria-label={t("tickets.list.filter.source")} value={filters.source ?? ""} onChange={(e) => set("source", (e.target.value || undefined) as TicketFilters["source"])} className={select}>
          <option value="">{`${t("tickets.list.filter.source")}: ${t("tickets.list.filter.any")}`}</option>
          {TICKET_SOURCES.map((s) => (
            <option key={s} value={s}>{t(`tickets.source.${s}`)}</option>
          ))}
        </select>
        <select aria-label={t("tickets.list.filter.sla")} value={filters.sla ?? ""} onChange={(e) => set("sla", (e.target.value || undefined) as TicketFilters["sla"])} className={select}>
          <option value="">{`${t("tickets.list.filter.sla")}: ${t("tickets.list.filter.any")}`}</option>
          {SLA_STATES.map((s) => (
            <option key={s} value={s}>{t(`tickets.sla.${s}`)}</option>
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
        <ProviderFilter label={t("table.provider")} value={provider} onChange={setProvider} className={select} />
        <RangeChip field={rangeOn} />
      </div>
      {canUpdate && (
        <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
          {canAssign && (
            <>
              <select aria-label={t("tickets.list.bulk.transfer")} value={targets.queue ?? ""} onChange={(e) => setTargets((s) => ({ ...s, queue: (e.target.value || undefined) as TicketQueue | undefined }))} className={select}>
                <option value="">{t("tickets.list.bulk.transfer")}…</option>
                {TICKET_QUEUES.map((q) => (
                  <option key={q} value={q}>{t(`tickets.queue.${q}`)}</option>
                ))}
              </select>
              <select aria-label={t("tickets.list.bulk.assign")} value={targets.assignee ?? ""} onChange={(e) => setTargets((s) => ({ ...s, assignee: e.target.value || undefined }))} className={select}>
                <option value="">{t("tickets.list.bulk.assign")}…</option>
                <option value="none">{t("tickets.detail.unassigned")}</option>
                {assignees.data?.map((a) => (
                  <option key={a.id} value={a.id}>{a.email}</option>
                ))}
              </select>
            </>
          )}
          <select aria-label={t("tickets.list.bulk.status")} value={targets.status ?? ""} onChange={(e) => setTargets((s) => ({ ...s, status: (e.target.value || undefined) as TicketStatus | undefined }))} className={select}>
            <option value="">{t("tickets.list.bulk.status")}…</option>
            {TICKET_STATUSES.filter((s) => s !== "new").map((s) => (
              <option key={s} value={s}>{t(`tickets.status.${s}`)}</option>
            ))}
          </select>
          <select aria-label={t("tickets.list.bulk.priority")} value={targets.priority ?? ""} onChange={(e) => setTargets((s) => ({ ...s, priority: (e.target.value || undefined) as TicketPriority | undefined }))} className={select}>
            <option value="">{t("tickets.list.bulk.priority")}…</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>{t(`tickets.priority.${p}`)}</option>
            ))}
          </select>
        </div>
      )}
      <Card>
        <Tabs value={status} onValueChange={choose}>
          <div className="border-b border-slate-100 px-3">
            <TabsList aria-label={t("tickets.list.title")}>
              {TICKET_TABS.map((s) => {
                const n = countOf(s);
                return (
                  <TabsTrigger key={s} value={s}>
                    {t(`tickets.list.tab.${s}`)}
                    {n !== null && <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 text-xs text-slate-600 tabular-nums">{n}</span>}
                  </TabsTrigger>
                );
              })}
            </TabsList>
          </div>
          {TICKET_TABS.map((s) => (
            // Every panel stays in the DOM (hidden when inactive) so each tab's aria-controls names an element.
            <TabsContent key={s} value={s} forceMount>
              {s === status && (
                <DataTable
                  label={t(`tickets.list.tab.${s}`)}
                  query={list}
                  rows={rows}
                  columns={columns}
                  getRowId={(r) => String(r.id)}
                  empty={listEmpty}
                  paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
                  selection={canUpdate ? { actions: bulk, rowLabel: (r) => r.number, resetKey: `${status}|${JSON.stringify(filters)}|${rangeKey}` } : undefined}
                  rowClassName={(r) => cx(r.id === activeId && "outline-2 -outline-offset-2 outline-indigo-400")}
                />
              )}
            </TabsContent>
          ))}
        </Tabs>
      </Card>
      <p className="mt-2 text-xs text-slate-500">{t("tickets.list.shortcuts")}</p>
    </>
  );
}
