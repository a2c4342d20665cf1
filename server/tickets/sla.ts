import "server-only";
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from "@/lib/business-hours";
import { SLA_AT_RISK_MINUTES, type SlaState, type SlaTargets, type TicketPriority, type TicketStatus } from "@/lib/tickets";

/** Due times of a ticket opened at `from`, in business hours. */
export function slaDue(from: Date, priority: TicketPriority, targets: SlaTargets, cal: BusinessCalendar): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  const t = targets[priority];
  return { firstResponseDueAt: addBusinessMinutes(from, t.firstResponseMinutes, cal), resolutionDueAt: addBusinessMinutes(from, t.resolutionMinutes, cal) };
}

export interface SlaFacts {
  status: TicketStatus;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaPausedAt: Date | null;
}

/**
 * Where a ticket stands at `now`: breached once a running target is past, at risk within SLA_AT_RISK_MINUTES
 * business minutes of one. The first-response target stops at the first reply; the resolution target stops
 * while the ticket waits on the user (paused) and once it is resolved.
 */
export function slaStateAt(t: SlaFacts, now: Date, cal: BusinessCalendar): SlaState {
  if (t.status === "solved" || t.status === "closed") return "ok";
  const running = [!t.firstResponseAt ? t.firstResponseDueAt : null, t.slaPausedAt ? null : t.resolutionDueAt].filter((d): d is Date => d !== null);
  let state: SlaState = "ok";
  for (const due of running) {
    if (now.getTime() >= due.getTime()) return "breached";
    if (businessMinutesBetween(now, due, cal) <= SLA_AT_RISK_MINUTES) state = "at_risk";
  }
  return state;
}
