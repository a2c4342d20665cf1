import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentProfiles, tickets, users } from "@/db/schema";
import type { BusinessCalendar } from "@/lib/business-hours";
import { ROLES, type Role } from "@/lib/enums";
import { OPEN_TICKET_STATUSES, type AgentAvailability, type SlaTargets, type TicketQueue } from "@/lib/tickets";
import { holds } from "@/server/auth/permissions";
import { loadBusinessCalendar, loadQueueSettings } from "./ticket-settings";

export interface TicketSettings {
  queues: Record<TicketQueue, SlaTargets>;
  hours: BusinessCalendar;
  /** Everyone who may work tickets, with their profile (null: never set up, never auto-assigned). */
  agents: { userId: string; email: string; name: string; role: Role; profile: { skills: TicketQueue[]; capacity: number; availability: AgentAvailability } | null; openTickets: number }[];
}

export async function getTicketSettings(db: Db): Promise<TicketSettings> {
  const workers = ROLES.filter((r) => holds({ role: r }, "ticket.update"));
  const open = sql.join(
    OPEN_TICKET_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const rows = await db
    .select({
      userId: users.id, email: users.email, name: users.name, role: users.role,
      skills: agentProfiles.skills, capacity: agentProfiles.capacity, availability: agentProfiles.availability,
      openTickets: sql<number>`(select count(*)::int from ${tickets} t where t.assignee_id = ${users.id} and t.status in (${open}))`,
    })
    .from(users)
    .leftJoin(agentProfiles, eq(agentProfiles.userId, users.id))
    .where(and(inArray(users.role, workers), isNull(users.disabledAt)))
    .orderBy(users.email)
    .limit(500);
  return {
    queues: await loadQueueSettings(db),
    hours: await loadBusinessCalendar(db),
    agents: rows.map((r) => ({
      userId: r.userId, email: r.email, name: r.name, role: r.role, openTickets: r.openTickets,
      profile: r.skills && r.capacity !== null && r.availability ? { skills: r.skills, capacity: r.capacity, availability: r.availability } : null,
    })),
  };
}
