import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentProfiles, tickets, users } from "@/db/schema";
import { ROLES } from "@/lib/enums";
import { OPEN_TICKET_STATUSES } from "@/lib/tickets";
import { holds } from "@/server/auth/permissions";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { appendTicketEvent } from "./append-ticket-event";
import { transitionTicket } from "./change-ticket-status";
import { loadTicketForUpdate } from "./load-ticket";

export const AUTO_ASSIGN_ACTOR: Actor = { id: null, label: "system:auto-assign" };

/** Every assigner (ticket creation, the sweep, a profile going available) takes this lock: one assignment at a time. */
export async function lockAssignments(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('payops:ticket-assign'))`);
}

/**
 * The available agent with the ticket's queue among their skills and room under their capacity, least loaded
 * first, then the one assigned longest ago (round robin among equals). Null when nobody fits.
 */
export async function pickAgent(tx: Db, queue: string): Promise<{ id: string; email: string } | null> {
  const workers = ROLES.filter((r) => holds({ role: r }, "ticket.update"));
  const load = sql<number>`(select count(*)::int from ${tickets} t where t.assignee_id = ${agentProfiles.userId} and t.status in (${sql.join(
    OPEN_TICKET_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  )}))`;
  const [row] = await tx
    .select({ id: agentProfiles.userId, email: users.email, load, capacity: agentProfiles.capacity })
    .from(agentProfiles)
    .innerJoin(users, eq(users.id, agentProfiles.userId))
    .where(
      and(
        eq(agentProfiles.availability, "available"),
        sql`${agentProfiles.skills} @> ${JSON.stringify([queue])}::jsonb`,
        isNull(users.disabledAt),
        inArray(users.role, workers),
        sql`${load} < ${agentProfiles.capacity}`,
      ),
    )
    .orderBy(load, sql`${agentProfiles.lastAssignedAt} asc nulls first`, asc(agentProfiles.userId))
    .limit(1);
  return row ? { id: row.id, email: row.email } : null;
}

/**
 * Assigns an unassigned open ticket to the next agent, in the caller's transaction, under the assignment lock
 * (so two creations or two sweeps never count the same free slot twice). Returns the assignee's id, or null
 * when the ticket is taken already or nobody is available with the skill (the backlog sweep retries).
 */
export async function autoAssignTicket(tx: Db, id: number, now: Date): Promise<string | null> {
  await lockAssignments(tx);
  const t = await loadTicketForUpdate(tx, id);
  if (t.assigneeId || (t.status !== "new" && t.status !== "open") || t.mergedIntoId) return null;
  const agent = await pickAgent(tx, t.queue);
  if (!agent) return null;
  const [row] = await tx
    .update(tickets)
    .set({ assigneeId: agent.id, updatedAt: now })
    .where(and(eq(tickets.id, id), isNull(tickets.assigneeId)))
    .returning({ id: tickets.id });
  if (!row) return null;
  await tx.update(agentProfiles).set({ lastAssignedAt: now, updatedAt: now }).where(eq(agentProfiles.userId, agent.id));
  await appendTicketEvent(tx, id, { kind: "assigned", actor: AUTO_ASSIGN_ACTOR.label, data: { assignee: agent.email, previousAssigneeId: null, auto: true } }, now);
  await writeAudit(tx, AUTO_ASSIGN_ACTOR, { action: "ticket.assign", entityType: "ticket", entityId: t.number, before: { assigneeId: null }, after: { assigneeId: agent.id, assignee: agent.email, auto: true } });
  if (t.status === "new") await transitionTicket(tx, id, "open", AUTO_ASSIGN_ACTOR, now);
  return agent.id;
}
