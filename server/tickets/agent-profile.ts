import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentProfiles, tickets } from "@/db/schema";
import type { Role } from "@/lib/enums";
import { OPEN_TICKET_STATUSES, type AgentAvailability, type TicketQueue } from "@/lib/tickets";

/** The queues a person works when their profile is first made (a manager changes them on /tickets/settings). */
export const DEFAULT_SKILLS: Record<Role, TicketQueue[]> = {
  agent: ["cs_l1"],
  senior_agent: ["cs_l1", "cs_l2"],
  finance: ["finance"],
  ops: ["ops", "tech"],
  manager: [],
  admin: [],
};

export interface AgentProfileView {
  availability: AgentAvailability;
  skills: TicketQueue[];
  capacity: number;
  openTickets: number;
}

/** The signed-in agent's profile with their current load (null when none exists yet). */
export async function getAgentProfile(db: Db, userId: string): Promise<AgentProfileView | null> {
  const [p] = await db.select().from(agentProfiles).where(eq(agentProfiles.userId, userId));
  if (!p) return null;
  const [load] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tickets)
    .where(and(eq(tickets.assigneeId, userId), inArray(tickets.status, [...OPEN_TICKET_STATUSES])));
  return { availability: p.availability, skills: p.skills, capacity: p.capacity, openTickets: load?.n ?? 0 };
}
