"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useI18n } from "@/components/i18n/i18n-provider";
import type { IncidentDetail } from "@/components/incidents/types";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/states";
import { NoticeSeverityBadge, NoticeStatusBadge } from "./notice-badges";
import { NoticeEditorDialog } from "./notice-editor-dialog";
import { NoticeActions, useLocalized } from "./notice-parts";

/** The notice an incident published last: its timeline's latest "status_notice" event names it. */
export function linkedNoticeId(timeline: IncidentDetail["timeline"]): number | null {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i]!;
    const id = (e.data as Record<string, unknown> | null)?.noticeId;
    if (e.kind === "status_notice" && typeof id === "number") return id;
  }
  return null;
}

/**
 * On /incidents/<id>: the incident's public status notice (status, link, "Post update" / "Resolve"), or, while
 * there is none, "Publish status notice": the editor prefilled from the "busy" template with the incident's
 * provider's components, linked to the incident.
 */
export function IncidentStatusNotice({ incident, timeline, canPublish }: { incident: IncidentDetail["incident"]; timeline: IncidentDetail["timeline"]; canPublish: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const loc = useLocalized();
  const noticeId = linkedNoticeId(timeline);
  const notice = useQuery({ ...trpc.status.get.queryOptions({ id: noticeId ?? 0 }), enabled: noticeId !== null });
  const n = notice.data?.notice;
  // Usually one notice per incident; another (a second component, a fresh start) stays possible, less prominent.
  const publish =
    canPublish && incident.status === "open" ? (
      <NoticeEditorDialog
        mode={{ kind: "publish", template: "busy", incidentId: incident.id, provider: incident.provider }}
        trigger={<Button variant={n && !n.resolvedAt ? "secondary" : "primary"}>{t("notices.actions.publishFromIncident")}</Button>}
      />
    ) : null;
  if (noticeId === null) {
    return (
      <Card title={t("notices.incident.title")} className="mb-4" actions={publish}>
        <p className="px-4 py-3 text-sm text-slate-600">{t("notices.incident.none")}</p>
      </Card>
    );
  }
  if (notice.isError) {
    return (
      <Card title={t("notices.incident.title")} className="mb-4">
        <ErrorState error={notice.error} onRetry={() => void notice.refetch()} />
      </Card>
    );
  }
  return (
    <Card title={t("notices.incident.title")} className="mb-4" actions={publish}>
      <div className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
        {n ? (
          <div className="min-w-0 flex-1 space-y-1">
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/notices/${n.id}`} className="font-medium text-indigo-700 hover:underline">
                {loc(n.title)}
              </Link>
              <NoticeStatusBadge status={n.status} />
              <NoticeSeverityBadge severity={n.severity} />
              {n.automatic && <Badge tone="violet">{t("notices.automatic")}</Badge>}
            </div>
            <p className="text-sm text-slate-700">{loc(n.body)}</p>
          </div>
        ) : (
          <Link href={`/notices/${noticeId}`} className="text-sm text-indigo-700 hover:underline">
            {t("notices.incident.open")} #{noticeId}
          </Link>
        )}
        {n && canPublish && <NoticeActions notice={n} />}
      </div>
    </Card>
  );
}
