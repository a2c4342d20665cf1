"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { LinkedArticles } from "@/components/kb/linked-articles";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { BRIEF_FIELDS } from "@/lib/briefs";
import { BriefText } from "./brief-text";

/** Refreshed while the desk is open: a supervisor's new version must reach agents within a minute. */
const BRIEF_REFRESH_MS = 30_000;

/**
 * The active incident brief at the top of the desk: prominent with "I have read it" until the agent confirmed
 * the current version, then one compact line (expandable). A new version asks again.
 */
export function BriefBanner() {
  const { t, locale, dateTime } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery({ ...trpc.brief.active.queryOptions({}), refetchInterval: BRIEF_REFRESH_MS });
  const [open, setOpen] = useState(false);
  const confirm = useMutation(
    trpc.brief.confirm.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.brief.active.queryKey({}) }),
      onError: (e) => {
        toast({ tone: "error", text: e.message });
        void queryClient.invalidateQueries({ queryKey: trpc.brief.active.queryKey({}) });
      },
    }),
  );

  if (q.isPending) return <LoadingState rows={2} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const b = q.data;
  if (!b) {
    return (
      <section aria-label={t("desk.brief.title")} className="rounded-lg bg-white px-4 py-3 ring-1 ring-slate-200">
        <p className="text-sm font-medium text-slate-700">{t("desk.brief.none")}</p>
        <p className="mt-0.5 text-xs text-slate-500">{t("desk.brief.noneHint")}</p>
      </section>
    );
  }
  const lang = locale === "en" ? "en" : "zh-CN";
  const confirmed = b.confirmedAt !== null;
  const expanded = !confirmed || open;
  const header = (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <h2 className="text-sm font-semibold text-slate-900">{t("desk.brief.title")}</h2>
      <Link href={`/incidents/${b.incidentId}`} className="text-xs text-indigo-700 hover:underline">
        {t("desk.brief.incident", { id: b.incidentId })} · {b.incidentTitle}
      </Link>
      <Badge tone={confirmed ? "gray" : "amber"}>{t("desk.brief.version", { version: b.version })}</Badge>
      {b.pinned && <Badge tone="violet">{t("desk.brief.pinned")}</Badge>}
      <span className="text-xs text-slate-500">{t("desk.brief.updated", { who: b.updatedBy, at: dateTime(b.updatedAt) })}</span>
    </div>
  );
  return (
    <section
      aria-label={t("desk.brief.title")}
      className={confirmed ? "rounded-lg bg-white px-4 py-3 ring-1 ring-slate-200" : "rounded-lg bg-amber-50 px-4 py-4 ring-2 ring-amber-400"}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        {header}
        {confirmed ? (
          <div className="flex items-center gap-3">
            <span className="text-xs text-emerald-700">✓ {t("desk.brief.confirmed", { at: dateTime(b.confirmedAt!) })}</span>
            <Button size="sm" variant="ghost" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
              {open ? t("desk.brief.hide") : t("desk.brief.show")}
            </Button>
          </div>
        ) : null}
      </div>
      {confirmed && !open && <p className="mt-1 line-clamp-1 text-sm text-slate-700">{b.brief.happening[lang]}</p>}
      {expanded && (
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          {BRIEF_FIELDS.map((f) => (
            <div key={f}>
              <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t(`desk.brief.${f}`)}</h3>
              <BriefText text={b.brief[f][lang] || "—"} />
            </div>
          ))}
          <div className="md:col-span-2">
            <LinkedArticles target={{ kind: "incident", id: b.incidentId }} />
          </div>
        </div>
      )}
      {!confirmed && (
        <div className="mt-4 flex flex-wrap items-center gap-3 border-t border-amber-200 pt-3">
          <Button variant="primary" disabled={confirm.isPending} onClick={() => confirm.mutate({ briefId: b.id, version: b.version })}>
            {confirm.isPending ? t("desk.brief.confirming") : t("desk.brief.confirm")}
          </Button>
          <span className="text-xs text-amber-900">{b.version > 1 ? t("desk.brief.newVersion") : t("desk.brief.unconfirmed")}</span>
        </div>
      )}
    </section>
  );
}
