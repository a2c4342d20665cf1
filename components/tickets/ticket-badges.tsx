"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge, type Tone } from "@/components/ui/badge";
import type { TicketPriority, TicketStatus } from "@/lib/tickets";

const STATUS_TONE: Record<TicketStatus, Tone> = { new: "violet", open: "blue", pending: "amber", solved: "green", closed: "gray" };
const PRIORITY_TONE: Record<TicketPriority, Tone> = { low: "gray", normal: "gray", high: "amber", urgent: "red" };

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{t(`tickets.status.${status}`)}</Badge>;
}

export function TicketPriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useI18n();
  return <Badge tone={PRIORITY_TONE[priority]}>{t(`tickets.priority.${priority}`)}</Badge>;
}
