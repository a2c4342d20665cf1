import "server-only";
import bcrypt from "bcryptjs";
import { RateLimitedError } from "@/server/lib/errors";

// Cost 10: ~60 ms per check here; sign-in is rate limited, so this is about offline cracking of a leak.
const COST = 10;

/**
 * bcryptjs is pure JavaScript: its async API yields to the event loop between rounds, but every check still
 * burns main-thread CPU. A sign-in burst once made /api/health take 12.7 s. So at most HASH_CONCURRENCY
 * checks run at once, at most HASH_QUEUE_MAX wait, and anything beyond that is refused at once (the
 * per-address and per-account throttles refuse far earlier; this is the backstop for a spray of addresses).
 */
export const HASH_CONCURRENCY = 2;
export const HASH_QUEUE_MAX = 32;

let active = 0;
let peakActive = 0;
const waiting: (() => void)[] = [];

/** Current and peak usage of the hashing slots (tests and health checks). */
export function hashingStats(): { active: number; queued: number; peakActive: number } {
  return { active, queued: waiting.length, peakActive };
}

export function resetHashingPeak(): void {
  peakActive = active;
}

async function withHashSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (active >= HASH_CONCURRENCY) {
    if (waiting.length >= HASH_QUEUE_MAX) throw new RateLimitedError("sign-in is busy, try again in 1 minutes", { minutes: 1 });
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    active++;
  }
  // A released slot is handed over directly (active stays the same), so a newcomer cannot jump the queue.
  peakActive = Math.max(peakActive, active);
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }
}

export function hashPassword(plain: string): Promise<string> {
  return withHashSlot(() => bcrypt.hash(plain, COST));
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return withHashSlot(() => bcrypt.compare(plain, hash));
}

// Compared against when the e-mail is unknown, so a miss costs the same time as a wrong password and
// response timing does not reveal which accounts exist.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= bcrypt.hash("no-such-user-" + Math.random(), COST);
  return dummy;
}
