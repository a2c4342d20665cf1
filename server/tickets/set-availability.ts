import "server-only";
import type { Db } from "@/db/client";
import { eq } from "drizzle-orm";
import { agentProfiles, users } from "@/db/schema";
import type { Role } from "@/lib/enums";
import type { AgentAvailability } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError } from "@/server/lib/errors";
import { DEFAULT_SKILLS } from "./agent-profile";
import { assignBacklog } from "./sweep-tickets";

/**
 * An agent switches themselves available or away (their profile is made with their role's default queues the
 * first time). Going available picks up the waiting backlog at once instead of at the next sweep.
 */
export async function setAvailability(
  db: Db,
  user: { id: string; role: Role },
  availability: AgentAvailability,
  actor: Actor,
  now = new Date(),
): Promise<{ availability: AgentAvailability; assigned: number }> {
  await db.transaction(async (tx) => {
    if ((await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id))).length === 0) throw new NotFoundError("user not found");
    await tx
      .insert(agentProfiles)
      .values({ userId: user.id, skills: DEFAULT_SKILLS[user.role], availability, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: agentProfiles.userId, set: { availability, updatedAt: now } });
    await writeAudit(tx, actor, { action: "ticket.availability", entityType: "agent_profile", entityId: user.id, after: { availability } });
  });
  const assigned = availability === "available" ? (await assignBacklog(db, now)).assigned : 0;
  return { availability, assigned };
}
