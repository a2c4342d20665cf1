"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { timeColumn } from "@/components/data-table/time-column";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { ComponentList, NoticeActions, NoticeSummary, useLocalized } from "@/components/status/notice-parts";
import { ComponentStateBadge, IndicatorBadge, NoticeKindBadge, NoticeSeverityBadge, NoticeStatusBadge } from "@/components/status/notice-badges";
import { NoticeEditorDialog } from "@/components/status/notice-editor-dialog";
import { NOTICE_TABS, noticesInput, noticeTab, type NoticeTab } from "@/components/status/notices-input";
import type { NoticeView, StatusOverview } from "@/components/status/types";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toast";

/** Notices move fast during an incident; the board follows without a reload. */
const REFRESH_MS = 15_000;

/** /notices: the component board, active and scheduled notices, the auto-publish setting and the history. */
export function NoticesView({ initialFilter, canPublish }: { initialFilter?: string; canPublish: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const overview = useQuery({ ...trpc.status.overview.queryOptions({}), refetchInterval: REFRESH_MS });
  const go = (id: number) => router.push(`/notices/${id}`);
  return (
    <>
      <PageHeader
        title={t("notices.title")}
        subtitle={t("notices.subtitle")}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {overview.data && (
              <a href={overview.data.publicUrl} target="_blank" rel="noopener noreferrer" className="text-sm text-indigo-700 hover:underline">
                {t("notices.publicPage")} ↗
              </a>
            )}
            {canPublish && (
              <>
                <NoticeEditorDialog mode={{ kind: "publish", template: "maintenance" }} onDone={go} trigger={<Button>{t("notices.actions.schedule")}</Button>} />
                <NoticeEditorDialog mode={{ kind: "publish", template: "busy" }} onDone={go} trigger={<Button variant="primary">{t("notices.actions.new")}</Button>} />
              </>
            )}
          </div>
        }
      />
      {!canPublish && <p className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-xs text-slate-600">{t("notices.readOnly")}</p>}
      {overview.isPending ? (
        <Card>
          <LoadingState />
        </Card>
      ) : overview.isError ? (
        <Card>
          <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
        </Card>
      ) : (
        <Overview data={overview.data} canPublish={canPublish} />
      )}
      <History initialFilter={initialFilter} />
    </>
  );
}

function Overview({ data, canPublish }: { data: StatusOverview; canPublish: boolean }) {
  const { t } = useI18n();
  const loc = useLocalized();
  return (
    <>
      <div className="mb-4 grid gap-4 lg:grid-cols-[1fr_22rem]">
        <Card title={t("notices.board.title")} actions={<IndicatorBadge indicator={data.indicator} />}>
          <ul aria-label={t("notices.board.title")} className="divide-y divide-slate-100">
            {data.components.map((c) => (
              <li key={c.key} className="flex items-center justify-between gap-3 px-4 py-2 text-sm">
                <span className="text-slate-800">{loc(c.name)}</span>
                <ComponentStateBadge state={c.state} />
              </li>
            ))}
          </ul>
        </Card>
        <AutoPublish enabled={data.autoPublish} canPublish={canPublish} />
      </div>
      <Card title={t("notices.active.title")} className="mb-4">
        {data.active.length === 0 ? <EmptyState title={t("notices.active.empty")} /> : <NoticeCards notices={data.active} canPublish={canPublish} />}
      </Card>
      <Card title={t("notices.scheduled.title")} className="mb-4">
        {data.scheduled.length === 0 ? <EmptyState title={t("notices.scheduled.empty")} /> : <NoticeCards notices={data.scheduled} canPublish={canPublish} />}
      </Card>
    </>
  );
}

function NoticeCards({ notices, canPublish }: { notices: NoticeView[]; canPublish: boolean }) {
  return (
    <ul className="divide-y divide-slate-100">
      {notices.map((n) => (
        <li key={n.id} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
          <NoticeSummary notice={n} />
          {canPublish && <NoticeActions notice={n} />}
        </li>
      ))}
    </ul>
  );
}

function AutoPublish({ enabled, canPublish }: { enabled: boolean; canPublish: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const labelId = useId();
  const helpId = useId();
  const set = useMutation(
    trpc.status.setAutoPublish.mutationOptions({
      onSuccess: async (r) => {
        toast({ tone: "success", text: t("notices.autoPublish.saved", { enabled: String(r.enabled) }) });
        await queryClient.invalidateQueries(trpc.status.overview.pathFilter());
      },
      onError: (e) => toast({ tone: "error", text: t("notices.editor.failed", { message: e.message }) }),
    }),
  );
  return (
    <Card title={t("notices.autoPublish.title")} className="self-start">
      <div className="space-y-2 px-4 py-3">
        <div className="flex items-center justify-between gap-3">
          <span id={labelId} className="text-sm font-medium text-slate-800">
            {t("notices.autoPublish.label")}
          </span>
          <button
            type="button"
            role="switch"
            aria-checked={enabled}
            aria-labelledby={labelId}
            aria-describedby={helpId}
            disabled={!canPublish || set.isPending}
            onClick={() => set.mutate({ enabled: !enabled })}
            className={cx(
              "relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60",
              enabled ? "bg-indigo-600" : "bg-slate-300",
            )}
          >
            <span aria-hidden className={cx("inline-block h-5 w-5 rounded-full bg-white shadow transition-transform", enabled ? "translate-x-5" : "translate-x-0.5")} />
          </button>
        </div>
        <p className="text-xs font-medium text-slate-700">{enabled ? t("notices.autoPublish.on") : t("notices.autoPublish.off")}</p>
        <p id={helpId} className="text-xs text-slate-500">
          {t("notices.autoPublish.help")}
        </p>
      </div>
    </Card>
  );
}

type I18n = ReturnType<typeof useI18n>;

function historyColumns({ t, dateTime, zoneLabel }: I18n, loc: ReturnType<typeof useLocalized>): ColumnDef<NoticeView>[] {
  return [
    {
      id: "notice",
      header: t("notices.history.col.notice"),
      meta: { className: "whitespace-normal" },
      cell: ({ row }) => (
        <div className="flex flex-col">
          <Link href={`/notices/${row.original.id}`} className="font-medium text-indigo-700 hover:underline">
            {loc(row.original.title)}
          </Link>
          <span className="text-xs text-slate-500">
            #{row.original.id}
            {row.original.automatic && ` · ${t("notices.automatic")}`}
          </span>
        </div>
      ),
    },
    { id: "kind", header: t("notices.history.col.kind"), cell: ({ row }) => <NoticeKindBadge kind={row.original.kind} /> },
    { id: "status", header: t("notices.history.col.status"), cell: ({ row }) => <NoticeStatusBadge status={row.original.status} /> },
    { id: "severity", header: t("notices.history.col.severity"), cell: ({ row }) => <NoticeSeverityBadge severity={row.original.severity} /> },
    { id: "components", header: t("notices.history.col.components"), meta: { className: "whitespace-normal" }, cell: ({ row }) => <ComponentList components={row.original.components} compact /> },
    timeColumn<NoticeView>({ id: "started", label: t("notices.history.col.started"), zoneLabel, dateTime, at: (n) => n.startedAt }),
    timeColumn<NoticeView>({ id: "resolved", label: t("notices.history.col.resolved"), zoneLabel, dateTime, at: (n) => n.resolvedAt }),
  ];
}

function History({ initialFilter }: { initialFilter?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const router = useRouter();
  const loc = useLocalized();
  const [filter, setFilter] = useState<NoticeTab>(noticeTab(initialFilter));
  const paging = useKeysetPaging(filter);
  const list = useQuery({ ...trpc.status.list.queryOptions(noticesInput({ filter, cursor: paging.cursor })), placeholderData: keepPreviousData, refetchInterval: REFRESH_MS });
  const columns = useMemo(() => historyColumns(i18n, loc), [i18n, loc]);
  const choose = (v: string) => {
    const next = noticeTab(v);
    setFilter(next);
    router.replace(next === "all" ? "/notices" : `/notices?filter=${next}`, { scroll: false });
  };
  return (
    <Card title={t("notices.history.title")}>
      <Tabs value={filter} onValueChange={choose}>
        <div className="border-b border-slate-100 px-3">
          <TabsList aria-label={t("notices.history.title")}>
            {NOTICE_TABS.map((s) => (
              <TabsTrigger key={s} value={s}>
                {t(`notices.history.tab.${s}`)}
              </TabsTrigger>
            ))}
          </TabsList>
        </div>
        {NOTICE_TABS.map((s) => (
          // Every panel stays in the DOM (hidden when inactive) so each tab's aria-controls names an element.
          <TabsContent key={s} value={s} forceMount>
            {s === filter && (
              <DataTable
                label={t(`notices.history.tab.${s}`)}
                query={list}
                rows={list.isPlaceholderData ? undefined : list.data?.items}
                columns={columns}
                getRowId={(n) => String(n.id)}
                empty={{ title: t("notices.history.empty") }}
                paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
              />
            )}
          </TabsContent>
        ))}
      </Tabs>
    </Card>
  );
}
