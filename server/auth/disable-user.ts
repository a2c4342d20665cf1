import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError } from "@/server/lib/errors";

/** Disables a user and revokes their sessions at once (the session version moves), audited. Idempotent. */
export async function disableUser(db: Db, userId: string, actor: Actor, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ disabledAt: now, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
      .where(and(eq(users.id, userId), isNull(users.disabledAt)))
      .returning({ id: users.id, email: users.email });
    if (!row) {
      const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
      if (!exists) throw new NotFoundError("no such user");
      return false;
    }
    await writeAudit(tx, actor, { action: "user.disabled", entityType: "user", entityId: row.id, after: { email: row.email, disabledAt: now.toISOString() } });
    return true;
  });
}
