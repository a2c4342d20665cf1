"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import type { MessageKey } from "@/lib/i18n/messages";
import type { ActionableSuggestion, Suggestion } from "@/lib/reports";
import { useReportLabels } from "./labels";

const TONE = { alert_false: "amber", alert_late: "red", topic_no_content: "blue", recon_manual: "violet" } as const;

/**
 * Suggestions with their evidence. The server says per suggestion whether this viewer may use its editor:
 * "Accept" records the choice (audit) and opens the editor pre-filled; otherwise "Send to <team>" opens a
 * ticket in the owning team's queue, and the row then shows that ticket.
 */
export function SuggestionList({ items, reportId }: { items: ActionableSuggestion[]; reportId: number | null }) {
  const { t, money } = useI18n();
  const labels = useReportLabels();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const accept = useMutation(trpc.report.acceptSuggestion.mutationOptions());
  if (items.length === 0) return <EmptyState title={t("reports.suggest.empty")} />;
  const valueOf = (s: Suggestion, key: string, value: number | string | null | undefined) => {
    if (value === null || value === undefined) return "";
    if (key === "rule" && typeof value === "string") return labels.repairRule(value);
    if ((key === "writeArticle" || key === "writeScript") && typeof value === "string") return labels.kbCategory(value);
    if ((key.endsWith("Minor") || key === "currentLimitMinor") && typeof value === "number") return money(value, "CNY");
    return String(value);
  };
  const go = (s: ActionableSuggestion) => {
    accept.mutate(
      { kind: s.kind, subject: s.subject, reportId },
      {
        onSuccess: (r) => {
          if (r.outcome === "editor") return router.push(r.editorHref);
          toast({ tone: "success", text: t("reports.suggest.forwarded", { owner: t(`reports.suggest.owner.${r.owner}`), number: r.ticket.number }) });
          void queryClient.invalidateQueries({ queryKey: reportId === null ? trpc.report.suggestions.queryKey() : trpc.report.get.queryKey({ id: reportId }) });
        },
        onError: () => toast({ tone: "error", text: t("reports.suggest.acceptFailed") }),
      },
    );
  };
  return (
    <ul className="divide-y divide-slate-100">
      {items.map((s) => (
        <li key={`${s.kind}:${s.subject}`} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0 space-y-1">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={TONE[s.kind]}>{t(`reports.suggest.kind.${s.kind}`)}</Badge>
              <span className="font-medium text-slate-900">{t(`reports.suggest.headline.${s.kind}`, { subject: labels.subject(s.kind, s.subject) })}</span>
            </div>
            <ul className="flex flex-wrap gap-x-4 gap-y-0.5 text-sm text-slate-600">
              {s.evidence.map((e) => {
                const text = t(`reports.suggest.evidence.${e.key}` as MessageKey, { value: valueOf(s, e.key, e.value) });
                return (
                  <li key={e.key}>
                    {e.href ? (
                      <Link className="text-indigo-700 hover:underline" href={e.href}>
                        {text}
                      </Link>
                    ) : (
                      text
                    )}
                  </li>
                );
              })}
            </ul>
            <p className="text-sm text-slate-800">→ {t(`reports.suggest.proposal.${s.proposal.key}` as MessageKey, { value: valueOf(s, s.proposal.key, s.proposal.value) })}</p>
          </div>
          <SuggestionAction s={s} pending={accept.isPending} onAct={() => go(s)} />
        </li>
      ))}
    </ul>
  );
}

/** "Accept", "Send to <team>", or the ticket it went to. */
function SuggestionAction({ s, pending, onAct }: { s: ActionableSuggestion; pending: boolean; onAct: () => void }) {
  const { t } = useI18n();
  const owner = t(`reports.suggest.owner.${s.action.owner}`);
  if (s.action.ticket)
    return (
      <Link className="shrink-0 text-sm text-indigo-700 hover:underline" href={`/tickets/${s.action.ticket.id}`}>
        {t("reports.suggest.sentTo", { owner, number: s.action.ticket.number })}
      </Link>
    );
  if (s.action.canEdit)
    return (
      <Button variant="primary" size="sm" className="shrink-0 print:hidden" disabled={pending} onClick={onAct}>
        {t("reports.suggest.accept")}
      </Button>
    );
  return (
    <Button variant="secondary" size="sm" className="shrink-0 print:hidden" disabled={pending} onClick={onAct} title={t("reports.suggest.ownerHint", { owner })}>
      {t("reports.suggest.sendTo", { owner })}
    </Button>
  );
}
