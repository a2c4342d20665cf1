import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentProfiles, ticketBusinessHours, ticketQueues, users } from "@/db/schema";
import type { BusinessCalendar } from "@/lib/business-hours";
import type { AgentAvailability, SlaTargets, TicketQueue } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { holds } from "@/server/auth/permissions";
import { NotFoundError, ValidationError } from "@/server/lib/errors";

/** A queue's SLA targets (business minutes per priority); first response never later than resolution. */
export async function saveQueueSla(db: Db, queue: TicketQueue, targets: SlaTargets, actor: Actor, now = new Date()): Promise<void> {
  for (const t of Object.values(targets)) if (t.firstResponseMinutes > t.resolutionMinutes) throw new ValidationError("first response after resolution");
  await db.transaction(async (tx) => {
    await tx
      .insert(ticketQueues)
      .values({ key: queue, slaTargets: targets, updatedBy: actor.label, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: ticketQueues.key, set: { slaTargets: targets, updatedBy: actor.label, updatedAt: now } });
    await writeAudit(tx, actor, { action: "ticket.queue_sla", entityType: "ticket_queue", entityId: queue, after: { targets } });
  });
}

/** The business calendar (applies to tickets opened from now on; due times already stored stay). */
export async function saveBusinessHours(db: Db, cal: BusinessCalendar, actor: Actor, now = new Date()): Promise<void> {
  if (cal.startMinute >= cal.endMinute || cal.weekdays.length === 0) throw new ValidationError("business hours need a window and at least one day");
  try {
    new Intl.DateTimeFormat("en", { timeZone: cal.timeZone });
  } catch {
    throw new ValidationError("unknown time zone");
  }
  const values = { timeZone: cal.timeZone, startMinute: cal.startMinute, endMinute: cal.endMinute, weekdays: [...new Set(cal.weekdays)].sort(), updatedBy: actor.label, updatedAt: now };
  await db.transaction(async (tx) => {
    await tx.insert(ticketBusinessHours).values({ id: 1, ...values, createdAt: now }).onConflictDoUpdate({ target: ticketBusinessHours.id, set: values });
    await writeAudit(tx, actor, { action: "ticket.business_hours", entityType: "ticket_business_hours", entityId: "1", after: values });
  });
}

/** A person's queues (skills), capacity and availability, set by a manager; only for people who may work tickets. */
export async function saveAgentProfile(
  db: Db,
  userId: string,
  p: { skills: TicketQueue[]; capacity: number; availability: AgentAvailability },
  actor: Actor,
  now = new Date(),
): Promise<void> {
  const values = { skills: [...new Set(p.skills)], capacity: p.capacity, availability: p.availability, updatedAt: now };
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId));
    if (!user) throw new NotFoundError("user not found");
    if (user.disabledAt || !holds({ role: user.role }, "ticket.update")) throw new ValidationError("this person may not work tickets");
    await tx.insert(agentProfiles).values({ userId, ...values, createdAt: now }).onConflictDoUpdate({ target: agentProfiles.userId, set: values });
    await writeAudit(tx, actor, { action: "ticket.agent_profile", entityType: "agent_profile", entityId: userId, after: values });
  });
}
