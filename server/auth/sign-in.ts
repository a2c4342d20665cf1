import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Role } from "@/lib/enums";
import { signInAttempts, users } from "@/db/schema";
import { getEnv } from "@/server/env";
import { RateLimitedError, UnauthorizedError } from "@/server/lib/errors";
import { dummyHash, verifyPassword } from "./password";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string | null;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Minutes until this e-mail and this address may try again, or 0. Refused once the failures in the window
 * reach SIGNIN_MAX_ATTEMPTS for either key, so an attacker spraying many accounts from one address and one
 * spraying one account from many addresses are both stopped.
 */
export async function signInLockedMinutes(db: Db, email: string, ip: string, now = new Date()): Promise<number> {
  const env = getEnv();
  const since = new Date(now.getTime() - env.SIGNIN_WINDOW);
  let waitMs = 0;
  for (const key of [eq(signInAttempts.email, email), eq(signInAttempts.ipAddress, ip)]) {
    const rows = await db
      .select({ createdAt: signInAttempts.createdAt })
      .from(signInAttempts)
      .where(and(key, eq(signInAttempts.succeeded, "no"), gte(signInAttempts.createdAt, since)))
      .orderBy(desc(signInAttempts.createdAt))
      .limit(env.SIGNIN_MAX_ATTEMPTS);
    if (rows.length >= env.SIGNIN_MAX_ATTEMPTS) {
      // Free again once the oldest of the last MAX failures leaves the window.
      const oldest = rows[rows.length - 1]!.createdAt.getTime();
      waitMs = Math.max(waitMs, oldest + env.SIGNIN_WINDOW - now.getTime());
    }
  }
  return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 60_000)) : 0;
}

/**
 * Checks e-mail and password. Throws RateLimitedError (details.minutes) when locked out, even for the right
 * password, and UnauthorizedError for a wrong e-mail, wrong password or disabled account (one message for
 * all three, so the form does not reveal which accounts exist).
 */
export async function authenticate(db: Db, input: { email: string; password: string; ip: string }): Promise<SignedInUser> {
  const email = normaliseEmail(input.email);
  const ip = input.ip || "unknown";
  const minutes = await signInLockedMinutes(db, email, ip);
  if (minutes > 0) throw new RateLimitedError(`too many attempts, try again in ${minutes} minutes`, { minutes });

  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()));
  const allowed = Boolean(user && ok && !user.disabledAt);
  await db.insert(signInAttempts).values({ email, ipAddress: ip, succeeded: allowed ? "yes" : "no" });
  if (!allowed || !user) throw new UnauthorizedError("wrong e-mail or password");
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}

/** The user behind a session, re-read on each request so disabling an account or changing a role takes effect at once. */
export async function loadActiveUser(db: Db, id: string): Promise<SignedInUser | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}

