import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { getEnv } from "@/server/env";

/** What a session token carries besides next-auth's own claims. */
export interface SessionClaims {
  uid?: string;
  /** users.session_version when the token was issued. */
  sv?: number;
  /** When the user signed in (ms since epoch); refreshing the token never moves it. */
  signedInAt?: number;
}

/**
 * Whether a session token may still be used: issued less than SESSION_MAX_AGE ago (counted from sign-in, not
 * from the last refresh, so an active session still ends), for a user who is still active and whose session
 * version has not moved since (sign-out, disabling, a role or password change all move it).
 */
export async function isSessionCurrent(db: Db, claims: SessionClaims, now = Date.now()): Promise<boolean> {
  if (!claims.uid || typeof claims.sv !== "number" || typeof claims.signedInAt !== "number") return false;
  if (now - claims.signedInAt >= getEnv().SESSION_MAX_AGE || claims.signedInAt > now + 60_000) return false;
  if (!/^[0-9a-f-]{36}$/i.test(claims.uid)) return false;
  const [row] = await db
    .select({ sv: users.sessionVersion, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, claims.uid))
    .limit(1);
  return Boolean(row && !row.disabledAt && row.sv === claims.sv);
}

/** Revokes every session of the user issued so far (sign-out ends them on all devices). */
export async function revokeSessions(db: Db, userId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return;
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
}
