import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Role } from "@/lib/enums";
import { signInAttempts, users } from "@/db/schema";
import { UnauthorizedError } from "@/server/lib/errors";
import { log } from "@/server/lib/log";
import { dummyHash, verifyPassword } from "./password";
import { noteFailedSignIn } from "./security-notices";
import { reserveSignIn, settleSignIn, UNKNOWN_ADDRESS } from "./sign-in-throttle";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string | null;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Checks e-mail and password. Throws RateLimitedError (details.minutes) when this address, or this account
 * from this address, is over its limit, even for the right password and before any hashing; and
 * UnauthorizedError for a wrong e-mail, wrong password or disabled account (one message for all three, so
 * the form does not reveal which accounts exist). Returns the session version to embed in the token.
 */
export async function authenticate(
  db: Db,
  input: { email: string; password: string; ip: string | null },
  now = new Date(),
): Promise<SignedInUser & { sessionVersion: number }> {
  const email = normaliseEmail(input.email).slice(0, 320);
  const ip = input.ip || UNKNOWN_ADDRESS;
  const reservation = await reserveSignIn(db, email, ip, now);

  let user: typeof users.$inferSelect | undefined;
  let ok: boolean;
  try {
    [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
    ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()));
  } catch (e) {
    // Never checked (hashing queue full, database trouble): the attempt does not count against anyone.
    await settleSignIn(db, reservation, "not_checked", now).catch(() => undefined);
    throw e;
  }
  const allowed = Boolean(user && ok && !user.disabledAt);
  await db.insert(signInAttempts).values({ email, ipAddress: ip, succeeded: allowed ? "yes" : "no", createdAt: now });
  await settleSignIn(db, reservation, allowed ? "succeeded" : "failed", now);
  if (!allowed || !user) {
    if (user && !user.disabledAt) {
      await noteFailedSignIn(db, user, email, now).catch((e: unknown) => log.error("failed to record a security notice", { error: e }));
    }
    throw new UnauthorizedError("wrong e-mail or password");
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale, sessionVersion: user.sessionVersion };
}

/** The user behind a session, re-read on each request so disabling an account or changing a role takes effect at once. */
export async function loadActiveUser(db: Db, id: string): Promise<SignedInUser | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}

