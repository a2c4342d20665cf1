"use client";

import Link from "next/link";
import { useAlertLabels } from "@/components/alerts/alert-badges";
import { useI18n } from "@/components/i18n/i18n-provider";
import { cx } from "@/components/ui/cx";
import { INCIDENT_EVENT_KINDS, type IncidentEventKind } from "@/lib/alerts";
import type { MessageKey } from "@/lib/i18n/messages";
import type { TimelineEntry } from "./types";

const KNOWN = INCIDENT_EVENT_KINDS;
type Known = IncidentEventKind;

const DOT: Record<Known, string> = {
  opened: "bg-rose-500",
  alert_fired: "bg-rose-400",
  alert_acknowledged: "bg-violet-500",
  alert_resolved: "bg-emerald-500",
  commander_set: "bg-indigo-500",
  note: "bg-slate-400",
  notification_sent: "bg-sky-500",
  resolved: "bg-emerald-600",
  status_notice: "bg-amber-500",
  user_notices: "bg-teal-500",
};

/** Who did it: a person's e-mail, or "System" for the evaluator and other jobs (audit labels "system:<what>"). */
export function actorLabel(actor: string | null, system: string): string {
  return !actor || actor.startsWith("system:") ? system : actor;
}

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);

/**
 * The incident's single thread: every event in order, each kind rendered from its message
 * (incidents.timeline.<kind>) with who did it and when. A kind added by a later issue (status-page
 * notice, tickets…) shows its code until it gets a message.
 */
export function IncidentTimeline({ items }: { items: TimelineEntry[] }) {
  const { t, dateTime } = useI18n();
  const labels = useAlertLabels();
  return (
    <ol aria-label={t("incidents.detail.timeline")} className="relative px-4 py-3">
      {items.map((e, i) => {
        const kind = (KNOWN as readonly string[]).includes(e.kind) ? (e.kind as Known) : null;
        const data = (e.data ?? {}) as Record<string, unknown>;
        const alertId = str(data.alertId);
        const actor = actorLabel(e.actor, t("incidents.timeline.system"));
        const text = kind
          ? t(`incidents.timeline.${kind}` as MessageKey, {
              actor,
              alertId: alertId ?? "?",
              commander: str(data.commander) ?? "—",
              status: str(data.status) ?? "—",
              count: Number(data.count ?? 0),
            })
          : t("incidents.timeline.other", { kind: e.kind });
        const ruleKey = str(data.ruleKey);
        const body = str(data.text) ?? (kind === "resolved" ? str(data.summary) : undefined);
        const channel = str(data.channel);
        return (
          <li key={e.id} className="relative flex gap-3 pb-4 last:pb-0">
            {i < items.length - 1 && <span aria-hidden className="absolute top-4 bottom-0 left-[5px] w-px bg-slate-200" />}
            <span aria-hidden className={cx("relative mt-1.5 h-[11px] w-[11px] shrink-0 rounded-full ring-4 ring-white", kind ? DOT[kind] : "bg-slate-300")} />
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-medium text-slate-900">{text}</span>
                {alertId && (
                  <Link href={`/alerts/${alertId}`} className="text-xs text-indigo-700 hover:underline">
                    {ruleKey ? labels.rule(ruleKey) : `#${alertId}`}
                  </Link>
                )}
                {channel && <span className="text-xs text-slate-500">{channel}</span>}
                <time dateTime={new Date(e.at).toISOString()} className="ml-auto text-xs text-slate-500 tabular-nums">
                  {dateTime(e.at)}
                </time>
              </div>
              {body && <p className="mt-1 rounded bg-slate-50 px-2 py-1 text-sm whitespace-pre-wrap text-slate-700">{body}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
