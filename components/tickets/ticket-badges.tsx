"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge, type Tone } from "@/components/ui/badge";
import type { SlaState, TicketPriority, TicketStatus } from "@/lib/tickets";

const STATUS_TONE: Record<TicketStatus, Tone> = { new: "violet", open: "blue", pending: "amber", pending_approval: "amber", solved: "green", closed: "gray" };
const PRIORITY_TONE: Record<TicketPriority, Tone> = { low: "gray", normal: "gray", high: "amber", urgent: "red" };
const SLA_TONE: Record<SlaState, Tone> = { ok: "green", at_risk: "amber", breached: "red" };

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{t(`tickets.status.${status}`)}</Badge>;
}

export function TicketPriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useI18n();
  return <Badge tone={PRIORITY_TONE[priority]}>{t(`tickets.priority.${priority}`)}</Badge>;
}

export interface SlaFactsView {
  status: TicketStatus;
  slaState: SlaState;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaPausedAt: Date | null;
}

/**
 * The next running SLA target as a coloured badge (green on track, amber at risk, red breached; the sweep job
 * keeps the state current): first response until the first reply, then resolution; paused while pending user.
 */
export function SlaBadge({ t: facts }: { t: SlaFactsView }) {
  const { t, dateTime } = useI18n();
  if (facts.status === "solved" || facts.status === "closed") return <span className="text-slate-500">{t("tickets.sla.none")}</span>;
  if (facts.slaPausedAt && facts.firstResponseAt) return <Badge tone="gray">{t("tickets.sla.paused")}</Badge>;
  const due = !facts.firstResponseAt ? facts.firstResponseDueAt : facts.resolutionDueAt;
  if (!due) return <span className="text-slate-500">{t("tickets.sla.none")}</span>;
  return (
    <span title={t(!facts.firstResponseAt ? "tickets.sla.firstResponse" : "tickets.sla.resolution")}>
      <Badge tone={SLA_TONE[facts.slaState]}>
        {t(`tickets.sla.${facts.slaState}`)} · {t("tickets.sla.dueIn", { at: dateTime(due).slice(5, 16) })}
      </Badge>
    </span>
  );
}
