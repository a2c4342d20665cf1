import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInThrottles } from "@/db/schema";
import { getEnv } from "@/server/env";
import { RateLimitedError } from "@/server/lib/errors";

/** Longest lock, and how long after a lock ends its doubling is forgotten. */
export const MAX_LOCK_MS = 24 * 60 * 60_000;

type Scope = "account_address" | "address";
export interface ThrottleKey {
  scope: Scope;
  email: string;
  ipAddress: string;
}

/** The counters one sign-in attempt holds a reservation on, taken before its password is checked. */
export interface SignInReservation {
  keys: ThrottleKey[];
  at: Date;
}

/** Address used when the client address cannot be trusted (no TRUSTED_PROXY_HOPS): see keysFor. */
export const UNKNOWN_ADDRESS = "unknown";

/**
 * The failure limit is per (account, address) and per address, never per account alone: a stranger failing
 * on purpose locks only their own address, and the owner still signs in from theirs. Without a trusted
 * client address there is no per-address counter (it would be one counter for everybody, so one typo-prone
 * user could lock the whole portal); the (account, "unknown") counter still bounds guesses per account.
 */
function keysFor(email: string, ip: string): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ scope: "account_address", email, ipAddress: ip }];
  if (ip !== UNKNOWN_ADDRESS) keys.push({ scope: "address", email: "", ipAddress: ip });
  return keys;
}

const whereKey = (k: ThrottleKey): SQL =>
  and(eq(signInThrottles.scope, k.scope), eq(signInThrottles.email, k.email), eq(signInThrottles.ipAddress, k.ipAddress))!;

class Refused extends Error {}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const ms = (n: number) => sql`(${n}::double precision * interval '1 millisecond')`;

/**
 * Takes one attempt on each counter, atomically and before any password is hashed: a single
 * INSERT … ON CONFLICT DO UPDATE … WHERE per counter, which PostgreSQL serialises on the row, so 50 parallel
 * guesses get at most SIGNIN_MAX_ATTEMPTS reservations between them and the rest are refused here.
 * Throws RateLimitedError (details.minutes) when a counter is locked or full.
 */
export async function reserveSignIn(db: Db, email: string, ip: string, now = new Date()): Promise<SignInReservation> {
  const env = getEnv();
  const keys = keysFor(email, ip);
  const windowExpired = sql`${signInThrottles.windowStartedAt} <= ${ts(now)} - ${ms(env.SIGNIN_WINDOW)}`;
  let refused = false as boolean;
  try {
    await db.transaction(async (tx) => {
      // Always the (account, address) row first, then the address row: one lock order, no deadlocks.
      for (const k of keys) {
        const taken = await tx
          .insert(signInThrottles)
          .values({ ...k, attempts: 1, windowStartedAt: now, createdAt: now })
          .onConflictDoUpdate({
            target: [signInThrottles.scope, signInThrottles.email, signInThrottles.ipAddress],
            set: {
              attempts: sql`CASE WHEN ${windowExpired} THEN 1 ELSE ${signInThrottles.attempts} + 1 END`,
              windowStartedAt: sql`CASE WHEN ${windowExpired} THEN ${ts(now)} ELSE ${signInThrottles.windowStartedAt} END`,
              // A quiet day after the last lock ended: the next lock starts short again.
              lockouts: sql`CASE WHEN ${signInThrottles.lockedUntil} <= ${ts(now)} - ${ms(MAX_LOCK_MS)} THEN 0 ELSE ${signInThrottles.lockouts} END`,
              updatedAt: now,
            },
            setWhere: sql`(${signInThrottles.lockedUntil} IS NULL OR ${signInThrottles.lockedUntil} <= ${ts(now)})
              AND (${windowExpired} OR ${signInThrottles.attempts} < ${env.SIGNIN_MAX_ATTEMPTS})`,
          })
          .returning({ attempts: signInThrottles.attempts });
        if (taken.length === 0) {
          // Roll back the reservations already taken in this transaction: a refused attempt holds none.
          refused = true;
          throw new Refused();
        }
      }
    });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
  }
  if (refused) {
    const minutes = await minutesUntilFree(db, keys, now);
    throw new RateLimitedError(`too many attempts, try again in ${minutes} minutes`, { minutes });
  }
  return { keys, at: now };
}

/** Until every counter of this attempt is free again (the longest lock), in whole minutes, at least 1. */
async function minutesUntilFree(db: Db, keys: ThrottleKey[], now: Date): Promise<number> {
  const env = getEnv();
  let waitMs = 0;
  for (const k of keys) {
    const [row] = await db.select().from(signInThrottles).where(whereKey(k)).limit(1);
    if (!row) continue;
    if (row.lockedUntil) waitMs = Math.max(waitMs, row.lockedUntil.getTime() - now.getTime());
    // Full without a lock yet (the other attempts are still being checked): free when the window ends.
    if (row.attempts >= env.SIGNIN_MAX_ATTEMPTS) waitMs = Math.max(waitMs, row.windowStartedAt.getTime() + env.SIGNIN_WINDOW - now.getTime());
  }
  return Math.max(1, Math.ceil(waitMs / 60_000));
}

/**
 * Settles a reservation once the password was checked.
 * - "succeeded": the (account, address) counter starts afresh (and its doubling is forgotten); the address
 *   gives back this one attempt.
 * - "failed": the attempt stays counted; a counter that is now full is locked for SIGNIN_WINDOW × 2^lockouts
 *   (capped at a day), so each repeated lock of the same address is twice as long.
 * - "not_checked": the password was never evaluated (hashing busy, database error): give the attempt back.
 */
export async function settleSignIn(db: Db, r: SignInReservation, outcome: "succeeded" | "failed" | "not_checked", now = new Date()): Promise<void> {
  const env = getEnv();
  for (const k of r.keys) {
    if (outcome === "failed") {
      const lockMs = sql`least(${env.SIGNIN_WINDOW}::double precision * power(2, least(${signInThrottles.lockouts}, 20)), ${MAX_LOCK_MS})`;
      await db
        .update(signInThrottles)
        .set({
          lockedUntil: sql`${ts(now)} + (${lockMs} * interval '1 millisecond')`,
          lockouts: sql`${signInThrottles.lockouts} + 1`,
          attempts: 0,
          windowStartedAt: now,
          updatedAt: now,
        })
        .where(
          and(
            whereKey(k),
            sql`${signInThrottles.attempts} >= ${env.SIGNIN_MAX_ATTEMPTS}`,
            sql`(${signInThrottles.lockedUntil} IS NULL OR ${signInThrottles.lockedUntil} <= ${ts(now)})`,
          ),
        );
    } else if (outcome === "succeeded" && k.scope === "account_address") {
      await db.update(signInThrottles).set({ attempts: 0, lockouts: 0, lockedUntil: null, updatedAt: now }).where(whereKey(k));
    } else {
      await db
        .update(signInThrottles)
        .set({ attempts: sql`greatest(${signInThrottles.attempts} - 1, 0)`, updatedAt: now })
        .where(whereKey(k));
    }
  }
}

/**
 * The same counters for other public forms (the self-service lookup): one slot in a fixed window, taken with
 * the same single INSERT … ON CONFLICT DO UPDATE … WHERE, so parallel requests cannot exceed `max` between
 * them. `key.scope` names the form's counter (e.g. "lookup_address"); the sign-in lock and doubling are not
 * used. Returns false when the window is full.
 */
export async function takeThrottleSlot(db: Db, key: { scope: string; email: string; ipAddress: string }, max: number, windowMs: number, now = new Date()): Promise<boolean> {
  const windowExpired = sql`${signInThrottles.windowStartedAt} <= ${ts(now)} - ${ms(windowMs)}`;
  const taken = await db
    .insert(signInThrottles)
    .values({ ...(key as ThrottleKey), attempts: 1, windowStartedAt: now, createdAt: now })
    .onConflictDoUpdate({
      target: [signInThrottles.scope, signInThrottles.email, signInThrottles.ipAddress],
      set: {
        attempts: sql`CASE WHEN ${windowExpired} THEN 1 ELSE ${signInThrottles.attempts} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${windowExpired} THEN ${ts(now)} ELSE ${signInThrottles.windowStartedAt} END`,
        updatedAt: now,
      },
      setWhere: sql`${windowExpired} OR ${signInThrottles.attempts} < ${max}`,
    })
    .returning({ attempts: signInThrottles.attempts });
  return taken.length > 0;
}
