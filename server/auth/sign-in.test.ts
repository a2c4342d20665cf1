import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditLogs, securityNotices, signInAttempts, signInThrottles, users } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { RateLimitedError, UnauthorizedError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from "./seed-users";
import { pruneSignInRecords } from "./prune-sign-in-records";
import { dismissSecurityNotices } from "./dismiss-security-notices";
import { listOpenNotices } from "./security-notices";
import { authenticate, loadActiveUser } from "./sign-in";

const getDb = useTestDb();
const MAX = 3;
const t0 = Date.parse("2026-03-01T08:00:00Z");
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

beforeAll(async () => {
  process.env.SIGNIN_MAX_ATTEMPTS = String(MAX);
  process.env.SIGNIN_WINDOW = "15m";
  resetEnvCache();
  await seedDemoUsers(getDb());
});

afterAll(() => {
  delete process.env.SIGNIN_MAX_ATTEMPTS;
  delete process.env.SIGNIN_WINDOW;
  resetEnvCache();
});

afterEach(async () => {
  await getDb().delete(signInAttempts);
  await getDb().delete(signInThrottles);
  await getDb().delete(securityNotices);
  await getDb().delete(auditLogs);
});

const attempt = (email: string, password: string, ip: string | null, when?: Date) => authenticate(getDb(), { email, password, ip }, when);
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe("seedDemoUsers", () => {
  it("creates one user per role, idempotently", async () => {
    await seedDemoUsers(getDb());
    const rows = await getDb().select().from(users);
    expect(rows.map((u) => u.role).sort()).toEqual(["admin", "agent", "finance", "manager", "ops", "senior_agent"]);
    expect(rows.map((u) => u.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
    expect(rows.every((u) => u.passwordHash.startsWith("$2") && !u.passwordHash.includes(DEMO_PASSWORD))).toBe(true);
  });
});

describe("authenticate", () => {
  it("signs in with the right password, case-insensitively by e-mail, records the success and returns the session version", async () => {
    const user = await attempt(" Agent@PayOps.local ", DEMO_PASSWORD, "10.0.0.1");
    expect(user).toMatchObject({ email: "agent@payops.local", role: "agent", sessionVersion: 0 });
    const attempts = await getDb().select().from(signInAttempts);
    expect(attempts).toMatchObject([{ email: "agent@payops.local", ipAddress: "10.0.0.1", succeeded: "yes" }]);
  });

  it("refuses a wrong password and an unknown e-mail with the same error", async () => {
    await expect(attempt("agent@payops.local", "nope", "10.0.0.2")).rejects.toThrow(UnauthorizedError);
    await expect(attempt("ghost@payops.local", "nope", "10.0.0.2")).rejects.toThrow("wrong e-mail or password");
  });

  it("refuses a disabled user even with the right password; loadActiveUser drops their session", async () => {
    const db = getDb();
    const [u] = await db.update(users).set({ disabledAt: new Date() }).where(eq(users.email, "finance@payops.local")).returning();
    await expect(attempt("finance@payops.local", DEMO_PASSWORD, "10.0.0.3")).rejects.toThrow(UnauthorizedError);
    expect(await loadActiveUser(db, u!.id)).toBeNull();
    await db.update(users).set({ disabledAt: null }).where(eq(users.id, u!.id));
    expect(await loadActiveUser(db, u!.id)).toMatchObject({ role: "finance" });
  });

  it("locks the attacker's address for that account, not the account: the owner signs in from a fresh address", async () => {
    for (let i = 0; i < MAX; i++) {
      await expect(attempt("ops@payops.local", "wrong", "198.51.100.66", at(i))).rejects.toThrow(UnauthorizedError);
    }
    const err = await refusal(attempt("ops@payops.local", DEMO_PASSWORD, "198.51.100.66", at(3)));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).message).toBe("too many attempts, try again in 14 minutes");
    expect((err as RateLimitedError).details).toEqual({ minutes: 14 });
    await expect(attempt("ops@payops.local", DEMO_PASSWORD, "203.0.113.10", at(3))).resolves.toMatchObject({ role: "ops" });
    // The refused attempt was not evaluated: three failures and one success recorded, nothing for the refusal.
    expect(await getDb().select().from(signInAttempts)).toHaveLength(MAX + 1);
  });

  it("locks an address that sprays several accounts, for every account; other addresses are unaffected", async () => {
    for (const email of ["a@x.test", "b@x.test", "c@x.test"]) {
      await expect(attempt(email, "wrong", "192.0.2.7", at(0))).rejects.toThrow(UnauthorizedError);
    }
    await expect(attempt("manager@payops.local", DEMO_PASSWORD, "192.0.2.7", at(1))).rejects.toThrow(RateLimitedError);
    await expect(attempt("manager@payops.local", DEMO_PASSWORD, "192.0.2.8", at(1))).resolves.toMatchObject({ role: "manager" });
  });

  it("doubles each successive lock of the same address, and a success forgets the pair's doubling", async () => {
    const ip = "198.51.100.7";
    const failMax = async (from: number) => {
      for (let i = 0; i < MAX; i++) await expect(attempt("senior@payops.local", "wrong", ip, at(from))).rejects.toThrow(UnauthorizedError);
    };
    const minutesRefused = async (when: number) => ((await refusal(attempt("senior@payops.local", DEMO_PASSWORD, ip, at(when)))) as RateLimitedError).details;
    await failMax(0);
    expect(await minutesRefused(0)).toEqual({ minutes: 15 });
    // Once a lock is over, one more round of failures locks for 30 minutes, then 60.
    await failMax(15);
    expect(await minutesRefused(15)).toEqual({ minutes: 30 });
    expect(await minutesRefused(44)).toEqual({ minutes: 1 });
    await failMax(45);
    expect(await minutesRefused(45)).toEqual({ minutes: 60 });
    // The owner signs in from that address after the lock: the (account, address) pair starts afresh…
    await expect(attempt("senior@payops.local", DEMO_PASSWORD, ip, at(105))).resolves.toMatchObject({ role: "senior_agent" });
    await failMax(106);
    const rows = await getDb().select().from(signInThrottles).where(eq(signInThrottles.ipAddress, ip));
    expect(Object.fromEntries(rows.map((r) => [r.scope, r.lockouts]))).toEqual({ account_address: 1, address: 4 });
    // …but the address, which failed four rounds, stays on its doubling: 15 × 2³ minutes.
    expect(await minutesRefused(106)).toEqual({ minutes: 120 });
  });

  it("forgets failures once the window has passed", async () => {
    const ip = "198.51.100.9";
    for (let i = 0; i < MAX - 1; i++) await expect(attempt("admin@payops.local", "wrong", ip, at(0))).rejects.toThrow(UnauthorizedError);
    // 15 minutes after the window opened it starts afresh (else these would be refused).
    for (let i = 0; i < MAX - 1; i++) await expect(attempt("admin@payops.local", "wrong", ip, at(15))).rejects.toThrow(UnauthorizedError);
    await expect(attempt("admin@payops.local", "wrong", ip, at(15))).rejects.toThrow(UnauthorizedError);
    // That was the MAX-th failure of the new window: locked until minute 30, not a moment longer.
    await expect(attempt("admin@payops.local", DEMO_PASSWORD, ip, at(29.99))).rejects.toThrow(RateLimitedError);
    await expect(attempt("admin@payops.local", DEMO_PASSWORD, ip, at(30))).resolves.toMatchObject({ role: "admin" });
  });

  it("without a trusted client address, still limits guesses per account", async () => {
    for (let i = 0; i < MAX; i++) await expect(attempt("agent@payops.local", "wrong", null, at(0))).rejects.toThrow(UnauthorizedError);
    await expect(attempt("agent@payops.local", DEMO_PASSWORD, null, at(1))).rejects.toThrow(RateLimitedError);
    // …but there is no shared "unknown address" counter that would lock everybody out.
    await expect(attempt("manager@payops.local", DEMO_PASSWORD, null, at(1))).resolves.toMatchObject({ role: "manager" });
    expect(await getDb().select().from(signInThrottles).where(eq(signInThrottles.scope, "address"))).toEqual([]);
  });

  it("holds the limit against parallel guesses: at most MAX of 50 are checked, the rest refused before hashing", async () => {
    const guesses = Array.from({ length: 50 }, (_, i) => attempt("manager@payops.local", i === 49 ? DEMO_PASSWORD : `guess-${i}`, "198.51.100.50"));
    const results = await Promise.allSettled(guesses);
    const reasons = results.map((r) => (r.status === "rejected" ? r.reason : null));
    const evaluated = await getDb().select().from(signInAttempts).where(eq(signInAttempts.ipAddress, "198.51.100.50"));
    expect(evaluated.length).toBeLessThanOrEqual(MAX);
    expect(evaluated.length).toBeGreaterThan(0);
    expect(reasons.filter((r) => r instanceof RateLimitedError).length).toBe(50 - evaluated.length);
    const [row] = await getDb()
      .select()
      .from(signInThrottles)
      .where(and(eq(signInThrottles.scope, "address"), eq(signInThrottles.ipAddress, "198.51.100.50")));
    expect(row!.lockedUntil).not.toBeNull();
  });
});

describe("security notices", () => {
  it("tells the owner about a burst of failures from several addresses once, audited, until dismissed", async () => {
    const db = getDb();
    const [owner] = await db.select().from(users).where(eq(users.email, "ops@payops.local"));
    for (let i = 0; i < MAX - 1; i++) await expect(attempt("ops@payops.local", "wrong", `198.51.100.${i + 1}`, at(i))).rejects.toThrow(UnauthorizedError);
    expect(await listOpenNotices(db, owner!.id)).toEqual([]);
    await expect(attempt("ops@payops.local", "wrong", "198.51.100.99", at(3))).rejects.toThrow(UnauthorizedError);
    await expect(attempt("ops@payops.local", "wrong", "198.51.100.98", at(4))).rejects.toThrow(UnauthorizedError);

    const notices = await listOpenNotices(db, owner!.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: "failed_sign_in_burst", details: { failures: MAX + 1, addresses: MAX + 1, firstAt: at(0).toISOString(), lastAt: at(4).toISOString() } });
    const audits = await db.select().from(auditLogs).where(eq(auditLogs.action, "user.failed_sign_in_burst"));
    expect(audits).toMatchObject([{ actorLabel: "system:sign-in", entityType: "user", entityId: owner!.id }]);

    // The owner still gets in from their own address, and sees the notice until they dismiss it.
    await expect(attempt("ops@payops.local", DEMO_PASSWORD, "203.0.113.5", at(5))).resolves.toMatchObject({ role: "ops" });
    const [someoneElse] = await db.select().from(users).where(eq(users.email, "agent@payops.local"));
    const actor = (u: typeof owner) => ({ id: u!.id, label: u!.email, role: u!.role, requestId: "req-dismiss" });
    expect(await dismissSecurityNotices(db, actor(someoneElse), [notices[0]!.id])).toBe(0);
    expect(await dismissSecurityNotices(db, actor(owner), [notices[0]!.id])).toBe(1);
    expect(await dismissSecurityNotices(db, actor(owner), [notices[0]!.id])).toBe(0);
    expect(await listOpenNotices(db, owner!.id)).toEqual([]);
    // Dismissed once, audited once, by the owner.
    const dismissals = await db.select().from(auditLogs).where(eq(auditLogs.action, "user.security_notice_dismissed"));
    expect(dismissals).toMatchObject([{ actorId: owner!.id, actorLabel: "ops@payops.local", entityType: "security_notice", entityId: String(notices[0]!.id), requestId: "req-dismiss" }]);
  });

  it("does not raise notices for unknown e-mails", async () => {
    for (let i = 0; i < MAX + 1; i++) await expect(attempt("nobody@payops.local", "wrong", `198.51.100.${i + 1}`, at(i))).rejects.toThrow(UnauthorizedError);
    expect(await getDb().select().from(securityNotices)).toEqual([]);
  });
});

describe("pruneSignInRecords", () => {
  it("drops throttle rows that no longer matter and keeps those that still lock or count", async () => {
    const db = getDb();
    for (let i = 0; i < MAX; i++) await expect(attempt("ops@payops.local", "wrong", "198.51.100.1", at(0))).rejects.toThrow(UnauthorizedError);
    await expect(attempt("ops@payops.local", "wrong", "198.51.100.2", at(0))).rejects.toThrow(UnauthorizedError);
    // Minute 10: the lock (until 15) and the open window of .2 both still matter.
    expect((await pruneSignInRecords(db, at(10))).throttles).toBe(0);
    // A day after the lock ended, the locked rows go too; the .2 rows went as soon as their window closed.
    expect((await pruneSignInRecords(db, at(16))).throttles).toBe(2);
    expect((await pruneSignInRecords(db, at(15 + 24 * 60 - 1))).throttles).toBe(0);
    expect((await pruneSignInRecords(db, at(15 + 24 * 60))).throttles).toBe(2);
    expect(await db.select().from(signInThrottles)).toEqual([]);
    // The attempt log is kept 90 days.
    expect((await pruneSignInRecords(db, at(90 * 24 * 60 - 1))).attempts).toBe(0);
    expect((await pruneSignInRecords(db, at(90 * 24 * 60))).attempts).toBe(MAX + 1);
  });
});
