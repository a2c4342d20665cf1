import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tickets } from "@/db/schema";
import type { SlaState } from "@/lib/tickets";
import { defineJob } from "@/server/jobs/types";
import { ensureSchedule } from "@/server/jobs/schedules";
import { appendTicketEvent } from "./append-ticket-event";
import { autoAssignTicket } from "./auto-assign-ticket";
import { openTicketsForHighRiskDiscrepancies } from "./open-ticket-from";
import { slaStateAt } from "./sla";
import { loadBusinessCalendar } from "./ticket-settings";

const BATCH = 200;
const priorityRank = sql`case ${tickets.priority} when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end`;

/**
 * The backlog sweep: unassigned open tickets, most urgent then oldest first, offered to available agents.
 * The batch is locked FOR UPDATE SKIP LOCKED, so a second sweep at the same time takes other tickets (or none)
 * instead of waiting; each assignment then runs under the assignment lock (auto-assign-ticket.ts).
 */
export async function assignBacklog(db: Db, now = new Date()): Promise<{ assigned: number; waiting: number }> {
  return db.transaction(async (tx) => {
    const batch = await tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(isNull(tickets.assigneeId), inArray(tickets.status, ["new", "open"]), isNull(tickets.mergedIntoId)))
      .orderBy(sql`${priorityRank} desc`, tickets.createdAt, tickets.id)
      .limit(BATCH)
      .for("update", { skipLocked: true });
    let assigned = 0;
    for (const t of batch) if (await autoAssignTicket(tx, t.id, now)) assigned++;
    return { assigned, waiting: batch.length - assigned };
  });
}

/**
 * The SLA sweep: every open ticket with a running target gets its state (ok, at risk, breached); a change
 * to at risk or breached is written to its history once (the queue's badge reads the state).
 */
export async function markSla(db: Db, now = new Date()): Promise<{ atRisk: number; breached: number }> {
  const cal = await loadBusinessCalendar(db);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: tickets.id, status: tickets.status, slaState: tickets.slaState, firstResponseAt: tickets.firstResponseAt,
        firstResponseDueAt: tickets.firstResponseDueAt, resolutionDueAt: tickets.resolutionDueAt, slaPausedAt: tickets.slaPausedAt,
      })
      .from(tickets)
      .where(inArray(tickets.status, ["new", "open", "pending", "pending_approval"]))
      .orderBy(tickets.resolutionDueAt)
      .limit(5000)
      .for("update", { skipLocked: true });
    let atRisk = 0;
    let breached = 0;
    for (const r of rows) {
      const state: SlaState = slaStateAt(r, now, cal);
      if (state === "at_risk") atRisk++;
      if (state === "breached") breached++;
      if (state === r.slaState) continue;
      await tx.update(tickets).set({ slaState: state }).where(eq(tickets.id, r.id));
      if (state !== "ok") await appendTicketEvent(tx, r.id, { kind: state === "breached" ? "sla_breached" : "sla_at_risk", actor: "system:sla", data: { from: r.slaState, to: state } }, now);
    }
    return { atRisk, breached };
  });
}

export const TICKET_SWEEP_SCHEDULE = { name: "tickets.sweep", intervalMs: 60_000 };

/** Every minute: tickets for new high-risk discrepancies, the backlog to whoever became available, SLA states. */
export const ticketSweepJob = defineJob<{ schedule?: string }>({
  type: "tickets.sweep",
  retrySchedule: () => [],
  run: async ({ db }) => {
    const now = new Date();
    const discrepancyTickets = await openTicketsForHighRiskDiscrepancies(db, now);
    return { ...discrepancyTickets, ...(await assignBacklog(db, now)), ...(await markSla(db, now)) };
  },
});

export async function ensureTicketSweepSchedule(db: Db): Promise<void> {
  await ensureSchedule(db, TICKET_SWEEP_SCHEDULE.name, ticketSweepJob.type, TICKET_SWEEP_SCHEDULE.intervalMs);
}
