"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { ComponentList, NoticeActions, useLocalized } from "@/components/status/notice-parts";
import { NoticeKindBadge, NoticeSeverityBadge, NoticeStatusBadge } from "@/components/status/notice-badges";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingState } from "@/components/ui/states";

const REFRESH_MS = 15_000;

const who = (by: string, system: string) => (by.startsWith("system:") ? system : by);

/** /notices/<id>: the notice as published (both languages), its components and its update timeline. */
export function NoticeDetailView({ id, canPublish }: { id: number; canPublish: boolean }) {
  const { t, dateTime, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const loc = useLocalized();
  const q = useQuery({ ...trpc.status.get.queryOptions({ id }), refetchInterval: REFRESH_MS });
  const back = (
    <Link href="/notices" className="text-xs text-slate-500 hover:text-slate-800">
      ← {t("notices.detail.back")}
    </Link>
  );
  if (q.isPending) return <>{back}<LoadingState /></>;
  if (q.isError) return <>{back}<ErrorState error={q.error} onRetry={() => void q.refetch()} /></>;
  const { notice, updates } = q.data;
  const system = t("notices.detail.system");
  return (
    <>
      {back}
      <div className="mt-1 mb-4 flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-lg font-semibold tracking-tight">
              {loc(notice.title)} <span className="font-normal text-slate-500">· {t("notices.detail.title", { id: notice.id })}</span>
            </h1>
            <NoticeStatusBadge status={notice.status} />
            <NoticeSeverityBadge severity={notice.severity} />
            <NoticeKindBadge kind={notice.kind} />
            {notice.automatic && <Badge tone="violet">{t("notices.automatic")}</Badge>}
          </div>
          <p className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-600">
            <span>{t("notices.detail.started", { at: `${dateTime(notice.startedAt)} (${zoneLabel})` })}</span>
            {notice.resolvedAt && <span>{t("notices.detail.resolvedAt", { at: dateTime(notice.resolvedAt) })}</span>}
            {notice.scheduledFor && notice.scheduledUntil && <span>{t("notices.scheduled.window", { from: dateTime(notice.scheduledFor), until: dateTime(notice.scheduledUntil) })}</span>}
            <span>{t("notices.detail.createdBy", { who: who(notice.createdBy, system) })}</span>
            {notice.incidentId !== null && (
              <Link href={`/incidents/${notice.incidentId}`} className="text-indigo-700 hover:underline">
                {t("notices.linkedIncident", { id: notice.incidentId })}
              </Link>
            )}
          </p>
        </div>
        {canPublish && <NoticeActions notice={notice} />}
      </div>
      <div className="grid gap-4 xl:grid-cols-[1fr_24rem]">
        <div className="min-w-0 space-y-4">
          <Card title={t("notices.detail.current")}>
            <div className="grid gap-4 px-4 py-3 md:grid-cols-2">
              {(["zh-CN", "en"] as const).map((lang) => (
                <div key={lang} lang={lang}>
                  <p className="text-xs font-semibold text-slate-500">{t(lang === "en" ? "notices.editor.en" : "notices.editor.zh")}</p>
                  <p className="mt-1 font-medium text-slate-900">{notice.title[lang]}</p>
                  <p className="mt-1 text-sm whitespace-pre-wrap text-slate-700">{notice.body[lang]}</p>
                </div>
              ))}
            </div>
          </Card>
          <Card title={t("notices.detail.components")}>
            <div className="px-4 py-3">
              <ComponentList components={notice.components} />
            </div>
          </Card>
        </div>
        <Card title={t("notices.detail.updates")} className="self-start">
          <ol aria-label={t("notices.detail.updates")} className="space-y-4 px-4 py-3">
            {updates.map((u) => (
              <li key={u.id} className="space-y-1">
                <div className="flex flex-wrap items-center gap-2">
                  <NoticeStatusBadge status={u.status} />
                  <span className="text-xs text-slate-600">{who(u.by, system)}</span>
                  <time dateTime={new Date(u.at).toISOString()} className="ml-auto text-xs text-slate-500 tabular-nums">
                    {dateTime(u.at)}
                  </time>
                </div>
                <p className="text-sm whitespace-pre-wrap text-slate-800">{loc(u.body)}</p>
                <ComponentList components={u.components} compact />
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}
