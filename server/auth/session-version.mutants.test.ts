import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { getEnv } from "@/server/env";
import { useTestDb } from "@/test/db";
import { isSessionCurrent, revokeSessions } from "./session-version";

const getDb = useTestDb();
const now = Date.parse("2026-03-01T08:00:00Z");
let active: { id: string; sv: number };
let disabled: { id: string; sv: number };

beforeAll(async () => {
  const rows = await getDb()
    .insert(users)
    .values([
      { email: "sv-active@payops.test", name: "Active", passwordHash: "x", role: "agent", sessionVersion: 3 },
      { email: "sv-disabled@payops.test", name: "Disabled", passwordHash: "x", role: "agent", sessionVersion: 5, disabledAt: new Date(now - 1000) },
    ])
    .returning({ id: users.id, sv: users.sessionVersion, email: users.email });
  active = rows.find((r) => r.email === "sv-active@payops.test")!;
  disabled = rows.find((r) => r.email === "sv-disabled@payops.test")!;
});

const svOf = async (id: string) => (await getDb().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, id)))[0]!.sv;

describe("isSessionCurrent", () => {
  const current = (claims: Parameters<typeof isSessionCurrent>[1]) => isSessionCurrent(getDb(), claims, now);

  it("accepts a fresh token of an active user at the current session version", async () => {
    expect(await current({ uid: active.id, sv: active.sv, signedInAt: now - 1000 })).toBe(true);
    // The uid pattern is case-insensitive (a UUID in capitals is the same user).
    expect(await current({ uid: active.id.toUpperCase(), sv: active.sv, signedInAt: now })).toBe(true);
  });

  it("refuses a token missing any claim, even with the right session version", async () => {
    expect(await current({ uid: active.id, sv: active.sv })).toBe(false);
    expect(await current({ sv: active.sv, signedInAt: now })).toBe(false);
    expect(await current({ uid: active.id, signedInAt: now })).toBe(false);
    expect(await current({})).toBe(false);
  });

  it("ends the session exactly SESSION_MAX_AGE after sign-in", async () => {
    const max = getEnv().SESSION_MAX_AGE;
    expect(await current({ uid: active.id, sv: active.sv, signedInAt: now - max + 1 })).toBe(true);
    expect(await current({ uid: active.id, sv: active.sv, signedInAt: now - max })).toBe(false);
    expect(await current({ uid: active.id, sv: active.sv, signedInAt: now - max - 1 })).toBe(false);
  });

  it("allows 60 s of clock skew for a sign-in time in the future, not more", async () => {
    expect(await current({ uid: active.id, sv: active.sv, signedInAt: now + 60_000 })).toBe(true);
    expect(await current({ uid: active.id, sv: active.sv, signedInAt: now + 60_001 })).toBe(false);
  });

  it("refuses a uid that is not a UUID without querying with it", async () => {
    const claims = { sv: active.sv, signedInAt: now };
    for (const uid of ["not-a-uuid", `x${active.id}`, `${active.id}x`, active.id.slice(1), "'; drop table users; --"]) {
      await expect(current({ ...claims, uid })).resolves.toBe(false);
    }
  });

  it("refuses an unknown user, a disabled user and a moved session version", async () => {
    expect(await current({ uid: randomUUID(), sv: 0, signedInAt: now })).toBe(false);
    expect(await current({ uid: disabled.id, sv: disabled.sv, signedInAt: now })).toBe(false);
    expect(await current({ uid: active.id, sv: active.sv - 1, signedInAt: now })).toBe(false);
    expect(await current({ uid: active.id, sv: active.sv + 1, signedInAt: now })).toBe(false);
  });
});

describe("revokeSessions", () => {
  it("moves the user's session version by one, so the old token stops working", async () => {
    const [u] = await getDb().insert(users).values({ email: "sv-revoke@payops.test", name: "R", passwordHash: "x", role: "ops", sessionVersion: 7 }).returning();
    await revokeSessions(getDb(), u!.id);
    expect(await svOf(u!.id)).toBe(8);
    expect(await isSessionCurrent(getDb(), { uid: u!.id, sv: 7, signedInAt: now }, now)).toBe(false);
    expect(await isSessionCurrent(getDb(), { uid: u!.id, sv: 8, signedInAt: now }, now)).toBe(true);
    expect(await svOf(active.id)).toBe(active.sv);
  });

  it("ignores a user id that is not a UUID (no query, no error)", async () => {
    for (const id of ["", "not-a-uuid", `x${active.id}`, `${active.id}x`]) {
      await expect(revokeSessions(getDb(), id)).resolves.toBeUndefined();
    }
    expect(await svOf(active.id)).toBe(active.sv);
  });
});
