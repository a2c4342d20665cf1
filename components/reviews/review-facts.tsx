"use client";

import type { ReactNode } from "react";
import { useAlertLabels } from "@/components/alerts/alert-badges";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Card } from "@/components/ui/card";
import { formatDuration } from "@/lib/duration";
import { INCIDENT_EVENT_KINDS, type IncidentEventKind } from "@/lib/alerts";
import type { ReviewFacts as Facts } from "@/lib/reviews";

function Figure({ label, value, hint, sub }: { label: string; value: ReactNode; hint?: string; sub?: ReactNode }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-100 print:bg-white" title={hint}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-base font-semibold text-slate-900 tabular-nums">{value}</dd>
      {sub && <dd className="text-xs text-slate-600">{sub}</dd>}
    </div>
  );
}

const dur = (s: number | null) => (s === null ? "—" : formatDuration(s * 1000));

/** The drafted facts, read-only: what the thread says happened, counted when the draft was made. */
export function ReviewFacts({ facts }: { facts: Facts }) {
  const { t, money, format, dateTime } = useI18n();
  const labels = useAlertLabels();
  const kindLabel = (kind: string) => ((INCIDENT_EVENT_KINDS as readonly string[]).includes(kind) ? t(`reviews.kinds.${kind as IncidentEventKind}`) : kind);
  return (
    <Card title={t("reviews.detail.facts")} actions={<span className="text-xs text-slate-500">{t("reviews.detail.draftedAt", { at: dateTime(facts.draftedAt) })}</span>} className="mb-4">
      <dl className="grid grid-cols-2 gap-3 p-4 md:grid-cols-3 xl:grid-cols-6">
        <Figure label={t("reviews.detail.times.detect")} hint={t("reviews.detail.times.detectHint")} value={dur(facts.times.detectS)} />
        <Figure label={t("reviews.detail.times.ack")} hint={t("reviews.detail.times.ackHint")} value={dur(facts.times.ackS)} />
        <Figure label={t("reviews.detail.times.resolve")} hint={t("reviews.detail.times.resolveHint")} value={dur(facts.times.resolveS)} />
        <Figure label={t("reviews.detail.impact.orders")} value={format.number(facts.impact.orders)} />
        <Figure label={t("reviews.detail.impact.users")} value={format.number(facts.impact.users)} />
        <Figure label={t("reviews.detail.impact.amount")} value={money(facts.impact.amountMinor, facts.impact.currency)} />
        <Figure
          label={t("reviews.detail.notified")}
          value={format.number(facts.usersNotified.sent)}
          sub={facts.usersNotified.failed > 0 ? t("reviews.detail.notifiedFailed", { n: facts.usersNotified.failed }) : undefined}
        />
        <Figure label={t("reviews.detail.statusNotices")} value={format.number(facts.statusNotices)} />
        <Figure label={t("reviews.detail.tickets")} value={format.number(facts.tickets.total)} sub={facts.tickets.open > 0 ? t("reviews.detail.ticketsOpen", { n: facts.tickets.open }) : undefined} />
        <Figure
          label={t("reviews.detail.refunded")}
          value={money(facts.refunds.refundedMinor, facts.refunds.currency)}
          sub={facts.refunds.count > 0 ? t("reviews.detail.refundsPending", { count: facts.refunds.count, amount: money(facts.refunds.pendingMinor, facts.refunds.currency) }) : undefined}
        />
        <Figure
          label={t("reviews.detail.atRisk")}
          value={money(facts.atRisk.amountMinor, facts.atRisk.currency)}
          sub={facts.atRisk.discrepancies > 0 ? t("reviews.detail.atRiskCount", { open: facts.atRisk.openDiscrepancies, n: facts.atRisk.discrepancies }) : undefined}
        />
        <Figure label={t("reviews.detail.alerts")} value={format.number(facts.alerts.count)} sub={facts.alerts.rules.map((r) => labels.rule(r)).join("、")} />
      </dl>
      <div className="grid gap-4 border-t border-slate-100 px-4 py-3 md:grid-cols-2">
        <div>
          <h3 className="text-xs font-semibold text-slate-600">{t("reviews.detail.actions")}</h3>
          <ul className="mt-1 flex flex-wrap gap-1.5">
            {Object.entries(facts.actions).map(([kind, n]) => (
              <li key={kind} className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                {t("reviews.detail.actionCount", { kind: kindLabel(kind), n })}
              </li>
            ))}
          </ul>
        </div>
        {facts.incident.summary && (
          <div>
            <h3 className="text-xs font-semibold text-slate-600">{t("reviews.detail.summary")}</h3>
            <p className="mt-1 text-sm whitespace-pre-wrap text-slate-800">{facts.incident.summary}</p>
          </div>
        )}
      </div>
    </Card>
  );
}
