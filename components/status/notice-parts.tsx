"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { Localized, NoticeComponent } from "@/lib/status";
import { ComponentStateBadge, NoticeKindBadge, NoticeSeverityBadge, NoticeStatusBadge } from "./notice-badges";
import { NoticeEditorDialog } from "./notice-editor-dialog";
import type { NoticeView } from "./types";

/** A text written in both languages, in the reader's. */
export function useLocalized(): (text: Localized) => string {
  const { locale } = useI18n();
  return useCallback((text: Localized) => text[locale === "en" ? "en" : "zh-CN"], [locale]);
}

/** A notice's components with their states, named from the overview (the key until it has loaded). */
export function ComponentList({ components, compact }: { components: NoticeComponent[]; compact?: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const loc = useLocalized();
  const overview = useQuery(trpc.status.overview.queryOptions({}));
  const name = (key: string) => {
    const c = overview.data?.components.find((x) => x.key === key);
    return c ? loc(c.name) : key;
  };
  if (components.length === 0) return <span className="text-xs text-slate-500">{t("notices.detail.noComponents")}</span>;
  return (
    <ul className={compact ? "flex flex-wrap gap-x-3 gap-y-1" : "space-y-1"}>
      {components.map((c) => (
        <li key={c.key} className="flex items-center gap-1.5 text-xs text-slate-700">
          <span>{name(c.key)}</span>
          <ComponentStateBadge state={c.state} />
        </li>
      ))}
    </ul>
  );
}

/** A notice in a list: title (link), badges, the latest text and its components. */
export function NoticeSummary({ notice }: { notice: NoticeView }) {
  const { t, dateTime, zoneLabel } = useI18n();
  const loc = useLocalized();
  return (
    <div className="min-w-0 flex-1 space-y-1.5">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={`/notices/${notice.id}`} className="font-medium text-indigo-700 hover:underline">
          {loc(notice.title)}
        </Link>
        <NoticeStatusBadge status={notice.status} />
        <NoticeSeverityBadge severity={notice.severity} />
        <NoticeKindBadge kind={notice.kind} />
        {notice.automatic && <Badge tone="violet">{t("notices.automatic")}</Badge>}
        {notice.incidentId !== null && (
          <Link href={`/incidents/${notice.incidentId}`} className="text-xs text-indigo-700 hover:underline">
            {t("notices.linkedIncident", { id: notice.incidentId })}
          </Link>
        )}
      </div>
      <p className="text-sm text-slate-700">{loc(notice.body)}</p>
      <ComponentList components={notice.components} compact />
      <p className="text-xs text-slate-500">
        {notice.scheduledFor && notice.scheduledUntil
          ? `${t("notices.scheduled.window", { from: dateTime(notice.scheduledFor), until: dateTime(notice.scheduledUntil) })} (${zoneLabel})`
          : t("notices.detail.started", { at: `${dateTime(notice.startedAt)} (${zoneLabel})` })}
      </p>
    </div>
  );
}

/** "Post update" and "Resolve" for an open notice (status.publish holders only; the caller decides). */
export function NoticeActions({ notice }: { notice: NoticeView }) {
  const { t } = useI18n();
  if (notice.resolvedAt) return null;
  return (
    <div className="flex shrink-0 gap-2">
      <NoticeEditorDialog mode={{ kind: "update", notice }} trigger={<Button size="sm">{t("notices.actions.postUpdate")}</Button>} />
      <NoticeEditorDialog mode={{ kind: "update", notice, resolve: true }} trigger={<Button size="sm" variant="primary">{t("notices.actions.resolve")}</Button>} />
    </div>
  );
}
