import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ticketBusinessHours, ticketQueues } from "@/db/schema";
import { type BusinessCalendar } from "@/lib/business-hours";
import { DEFAULT_SLA_TARGETS, TICKET_QUEUES, type SlaTargets, type TicketQueue } from "@/lib/tickets";
import { getEnv } from "@/server/env";

/** The business calendar SLAs count in: the settings row, else 09:00–21:00 every day in the business time zone. */
export async function loadBusinessCalendar(db: Db): Promise<BusinessCalendar> {
  const [row] = await db.select().from(ticketBusinessHours).where(eq(ticketBusinessHours.id, 1));
  if (row) return { timeZone: row.timeZone, startMinute: row.startMinute, endMinute: row.endMinute, weekdays: row.weekdays };
  return { timeZone: getEnv().BUSINESS_TIMEZONE, startMinute: 9 * 60, endMinute: 21 * 60, weekdays: [1, 2, 3, 4, 5, 6, 7] };
}

/** SLA targets of every queue (the settings row, else the defaults). */
export async function loadQueueSettings(db: Db): Promise<Record<TicketQueue, SlaTargets>> {
  const rows = await db.select().from(ticketQueues);
  const byKey = new Map(rows.map((r) => [r.key, r.slaTargets]));
  return Object.fromEntries(TICKET_QUEUES.map((q) => [q, { ...DEFAULT_SLA_TARGETS, ...byKey.get(q) }])) as Record<TicketQueue, SlaTargets>;
}

export async function loadSlaTargets(db: Db, queue: TicketQueue): Promise<SlaTargets> {
  const [row] = await db.select({ slaTargets: ticketQueues.slaTargets }).from(ticketQueues).where(eq(ticketQueues.key, queue));
  return { ...DEFAULT_SLA_TARGETS, ...row?.slaTargets };
}
