import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signInAttempts, users } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { RateLimitedError, UnauthorizedError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from "./seed-users";
import { authenticate, loadActiveUser, signInLockedMinutes } from "./sign-in";

const getDb = useTestDb();

beforeAll(async () => {
  process.env.SIGNIN_MAX_ATTEMPTS = "3";
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
});

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
  it("signs in with the right password, case-insensitively by e-mail, and records the success", async () => {
    const user = await authenticate(getDb(), { email: " Agent@PayOps.local ", password: DEMO_PASSWORD, ip: "10.0.0.1" });
    expect(user).toMatchObject({ email: "agent@payops.local", role: "agent" });
    const attempts = await getDb().select().from(signInAttempts);
    expect(attempts).toMatchObject([{ email: "agent@payops.local", ipAddress: "10.0.0.1", succeeded: "yes" }]);
  });

  it("refuses a wrong password and an unknown e-mail with the same error", async () => {
    await expect(authenticate(getDb(), { email: "agent@payops.local", password: "nope", ip: "10.0.0.2" })).rejects.toThrow(UnauthorizedError);
    await expect(authenticate(getDb(), { email: "ghost@payops.local", password: "nope", ip: "10.0.0.2" })).rejects.toThrow("wrong e-mail or password");
  });

  it("refuses a disabled user even with the right password; loadActiveUser drops their session", async () => {
    const db = getDb();
    const [u] = await db.update(users).set({ disabledAt: new Date() }).where(eq(users.email, "finance@payops.local")).returning();
    await expect(authenticate(db, { email: "finance@payops.local", password: DEMO_PASSWORD, ip: "10.0.0.3" })).rejects.toThrow(UnauthorizedError);
    expect(await loadActiveUser(db, u!.id)).toBeNull();
    await db.update(users).set({ disabledAt: null }).where(eq(users.id, u!.id));
    expect(await loadActiveUser(db, u!.id)).toMatchObject({ role: "finance" });
  });

  it("locks an e-mail after MAX failures, even for the right password, from any address", async () => {
    const db = getDb();
    for (let i = 0; i < 3; i++) {
      await expect(authenticate(db, { email: "ops@payops.local", password: "wrong", ip: `10.1.0.${i}` })).rejects.toThrow(UnauthorizedError);
    }
    const err = await authenticate(db, { email: "ops@payops.local", password: DEMO_PASSWORD, ip: "10.1.9.9" }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.message).toBe("too many attempts, try again in 15 minutes");
    // another account is unaffected
    await expect(authenticate(db, { email: "admin@payops.local", password: DEMO_PASSWORD, ip: "10.1.9.9" })).resolves.toMatchObject({ role: "admin" });
  });

  it("locks an address after MAX failures across different e-mails", async () => {
    const db = getDb();
    for (const email of ["a@x.test", "b@x.test", "c@x.test"]) {
      await expect(authenticate(db, { email, password: "wrong", ip: "192.0.2.7" })).rejects.toThrow(UnauthorizedError);
    }
    await expect(authenticate(db, { email: "manager@payops.local", password: DEMO_PASSWORD, ip: "192.0.2.7" })).rejects.toThrow(RateLimitedError);
    await expect(authenticate(db, { email: "manager@payops.local", password: DEMO_PASSWORD, ip: "192.0.2.8" })).resolves.toMatchObject({ role: "manager" });
  });

  it("forgets failures older than the window and reports the minutes left", async () => {
    const db = getDb();
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
    await db.insert(signInAttempts).values([
      { email: "senior@payops.local", ipAddress: "10.2.0.1", succeeded: "no", createdAt: at(20) },
      { email: "senior@payops.local", ipAddress: "10.2.0.1", succeeded: "no", createdAt: at(10) },
      { email: "senior@payops.local", ipAddress: "10.2.0.1", succeeded: "no", createdAt: at(5) },
    ]);
    // Only two failures are inside the 15-minute window: one more try is allowed.
    expect(await signInLockedMinutes(db, "senior@payops.local", "10.2.0.2", new Date(now))).toBe(0);
    await db.insert(signInAttempts).values({ email: "senior@payops.local", ipAddress: "10.2.0.1", succeeded: "no", createdAt: at(1) });
    // Locked until the failure from 10 minutes ago leaves the window: 5 minutes.
    expect(await signInLockedMinutes(db, "senior@payops.local", "10.2.0.2", new Date(now))).toBe(5);
    // Successes do not count.
    await db.insert(signInAttempts).values({ email: "x@x.test", ipAddress: "10.3.0.1", succeeded: "yes" });
    expect(await signInLockedMinutes(db, "x@x.test", "10.3.0.1")).toBe(0);
  });
});
