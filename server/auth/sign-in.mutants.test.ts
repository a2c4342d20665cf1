import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { securityNotices, signInAttempts, signInThrottles, users } from "@/db/schema";
import { UnauthorizedError } from "@/server/lib/errors";
import { overrideEnv } from "@/test/override-env";
import { useTestDb } from "@/test/db";
import { hashPassword } from "./password";
import { authenticate, loadActiveUser } from "./sign-in";

const getDb = useTestDb();
const MAX = 3;
const t0 = Date.parse("2026-03-01T08:00:00Z");
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
const PASSWORD = "right-password-1";

let restoreEnv: () => void;
let activeId: string;
beforeAll(async () => {
  restoreEnv = overrideEnv({ SIGNIN_MAX_ATTEMPTS: String(MAX), SIGNIN_WINDOW: "15m" });
  const passwordHash = await hashPassword(PASSWORD);
  const db = getDb();
  const [u] = await db.insert(users).values({ email: "active@example.com", name: "Active", role: "ops", passwordHash }).returning();
  activeId = u!.id;
  await db.insert(users).values({ email: "gone@example.com", name: "Gone", role: "ops", passwordHash, disabledAt: at(-60) });
  // A hash bcrypt cannot even parse: the check fails with an error, not with "wrong password".
  await db.insert(users).values({ email: "corrupt@example.com", name: "Corrupt", role: "ops", passwordHash: "x".repeat(60) });
});
afterAll(() => restoreEnv());
afterEach(async () => {
  await getDb().delete(signInAttempts);
  await getDb().delete(signInThrottles);
  await getDb().delete(securityNotices);
});

const attempt = (email: string, password: string, ip: string | null, when: Date) => authenticate(getDb(), { email, password, ip }, when);

describe("authenticate", () => {
  it("a password check that errors is rethrown and gives the reservation back: nothing counted, nothing logged as an attempt", async () => {
    await expect(attempt("corrupt@example.com", "whatever-it-is", "192.0.2.30", at(0))).rejects.toThrow("Invalid salt version: xx");
    expect(await getDb().select().from(signInAttempts)).toEqual([]);
    const counters = await getDb().select().from(signInThrottles).orderBy(signInThrottles.scope);
    expect(counters.map((r) => [r.scope, r.attempts])).toEqual([
      ["account_address", 0],
      ["address", 0],
    ]);
  });

  it("a disabled account's failures never raise a security notice for it", async () => {
    for (let i = 0; i < MAX + 1; i++) {
      await expect(attempt("gone@example.com", "wrong-guess", `198.51.100.${i + 1}`, at(i))).rejects.toThrow(new UnauthorizedError("wrong e-mail or password"));
    }
    expect(await getDb().select().from(securityNotices)).toEqual([]);
  });

  it("an over-long e-mail is cut to 320 characters before it is counted and logged", async () => {
    const long = `${"a".repeat(400)}@example.com`;
    await expect(attempt(long, "wrong-guess", "192.0.2.31", at(0))).rejects.toThrow(UnauthorizedError);
    const [logged] = await getDb().select().from(signInAttempts);
    expect(logged!.email).toBe("a".repeat(320));
    const [pair] = await getDb().select().from(signInThrottles).where(eq(signInThrottles.scope, "account_address"));
    expect(pair!.email).toBe("a".repeat(320));
  });
});

describe("loadActiveUser", () => {
  it("returns the active user for their id", async () => {
    expect(await loadActiveUser(getDb(), activeId)).toEqual({ id: activeId, email: "active@example.com", name: "Active", role: "ops", locale: null });
    expect(await loadActiveUser(getDb(), activeId.toUpperCase())).toMatchObject({ id: activeId });
  });

  it("returns null, without querying, for anything that is not a whole UUID", async () => {
    const db = getDb();
    expect(await loadActiveUser(db, "not-a-uuid")).toBeNull();
    expect(await loadActiveUser(db, `x${activeId}`)).toBeNull();
    expect(await loadActiveUser(db, `${activeId}x`)).toBeNull();
    expect(await loadActiveUser(db, "")).toBeNull();
  });
});
