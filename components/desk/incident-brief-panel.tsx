"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { BRIEF_FIELDS } from "@/lib/briefs";
import { BriefEditor } from "./brief-editor";
import { BriefText } from "./brief-text";

/** The incident page's "Brief for agents": the text, who confirmed the current version, history; editor for brief.write. */
export function IncidentBriefPanel({ incidentId, canWrite }: { incidentId: number; canWrite: boolean }) {
  const { t, locale, dateTime } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.brief.forIncident.queryOptions({ incidentId }));
  const [editing, setEditing] = useState(false);
  const lang = locale === "en" ? "en" : "zh-CN";
  const data = q.data;
  const brief = data?.brief ?? null;
  const actions =
    canWrite && !editing && q.isSuccess ? (
      <Button size="sm" variant={brief ? "secondary" : "primary"} onClick={() => setEditing(true)}>
        {brief ? t("desk.editor.edit") : t("desk.editor.create")}
      </Button>
    ) : null;
  return (
    <Card title={t("desk.panel.title")} actions={actions} className="mt-4">
      {q.isPending ? (
        <LoadingState rows={3} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : editing ? (
        <BriefEditor
          incidentId={incidentId}
          provider={data?.provider ?? "*"}
          initial={brief?.brief ?? null}
          baseVersion={brief?.version ?? null}
          pinned={brief?.pinned ?? false}
          onDone={() => setEditing(false)}
        />
      ) : !brief || !data ? (
        <EmptyState title={t("desk.panel.empty")} hint={canWrite ? t("desk.panel.emptyHint") : undefined} />
      ) : (
        <div className="grid gap-4 p-4 lg:grid-cols-[1fr_18rem]">
          <div className="grid gap-4 md:grid-cols-2">
            {BRIEF_FIELDS.map((f) => (
              <div key={f}>
                <h3 className="mb-1 text-xs font-semibold text-slate-500">{t(`desk.brief.${f}`)}</h3>
                <BriefText text={brief.brief[f][lang] || "—"} />
              </div>
            ))}
          </div>
          <aside className="space-y-3 text-sm">
            <div className="flex flex-wrap gap-2">
              <Badge tone="blue">{t("desk.brief.version", { version: brief.version })}</Badge>
              {brief.pinned && <Badge tone="violet">{t("desk.brief.pinned")}</Badge>}
            </div>
            <div>
              <p className="font-medium text-slate-800">{t("desk.panel.confirmations", { count: data.confirmations.length, version: brief.version })}</p>
              {data.confirmations.length === 0 ? (
                <p className="text-xs text-slate-500">{t("desk.panel.nobody")}</p>
              ) : (
                <ul aria-label={t("desk.counts.confirmations")} className="mt-1 max-h-40 space-y-0.5 overflow-auto text-xs text-slate-600">
                  {data.confirmations.map((c) => (
                    <li key={c.userLabel}>
                      {c.userLabel} · <span className="tabular-nums">{dateTime(c.confirmedAt)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div>
              <p className="font-medium text-slate-800">{t("desk.panel.history")}</p>
              <ul className="mt-1 max-h-40 space-y-0.5 overflow-auto text-xs text-slate-600">
                {data.history.map((h) => (
                  <li key={h.version}>{t("desk.panel.savedBy", { version: h.version, who: h.savedBy, at: dateTime(h.savedAt) })}</li>
                ))}
              </ul>
            </div>
          </aside>
        </div>
      )}
    </Card>
  );
}
