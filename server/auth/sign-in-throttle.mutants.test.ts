import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signInThrottles } from "@/db/schema";
import { RateLimitedError } from "@/server/lib/errors";
import { overrideEnv } from "@/test/override-env";
import { useTestDb } from "@/test/db";
import { reserveSignIn, settleSignIn, takeThrottleSlot } from "./sign-in-throttle";

const getDb = useTestDb();
const MAX = 3;
const t0 = Date.parse("2026-03-01T08:00:00Z");
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
const IP = "198.51.100.20";
const EMAIL = "pat@example.com";

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = overrideEnv({ SIGNIN_MAX_ATTEMPTS: String(MAX), SIGNIN_WINDOW: "15m" });
});
afterAll(() => restoreEnv());
afterEach(async () => {
  await getDb().delete(signInThrottles);
});

const rows = async () =>
  (await getDb().select().from(signInThrottles).orderBy(signInThrottles.scope, signInThrottles.email, signInThrottles.ipAddress)).map((r) => ({
    scope: r.scope,
    email: r.email,
    ipAddress: r.ipAddress,
    attempts: r.attempts,
    windowStartedAt: r.windowStartedAt.toISOString(),
    lockedUntil: r.lockedUntil?.toISOString() ?? null,
    lockouts: r.lockouts,
  }));
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe("reserveSignIn", () => {
  it("takes one attempt on the (account, address) counter and on the address counter (whose e-mail is empty)", async () => {
    const r = await reserveSignIn(getDb(), EMAIL, IP, at(0));
    expect(r).toEqual({
      keys: [
        { scope: "account_address", email: EMAIL, ipAddress: IP },
        { scope: "address", email: "", ipAddress: IP },
      ],
      at: at(0),
    });
    expect(await rows()).toEqual([
      { scope: "account_address", email: EMAIL, ipAddress: IP, attempts: 1, windowStartedAt: at(0).toISOString(), lockedUntil: null, lockouts: 0 },
      { scope: "address", email: "", ipAddress: IP, attempts: 1, windowStartedAt: at(0).toISOString(), lockedUntil: null, lockouts: 0 },
    ]);
  });

  it("a counter full of in-flight checks (no lock yet) refuses until its window ends, in whole minutes", async () => {
    for (let i = 0; i < MAX; i++) await reserveSignIn(getDb(), EMAIL, IP, at(0));
    const err = await refusal(reserveSignIn(getDb(), EMAIL, IP, at(4)));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).message).toBe("too many attempts, try again in 11 minutes");
    expect((err as RateLimitedError).details).toEqual({ minutes: 11 });
    // 10.5 minutes left rounds up to 11; half a minute left is still "1".
    expect(((await refusal(reserveSignIn(getDb(), EMAIL, IP, at(4.5)))) as RateLimitedError).details).toEqual({ minutes: 11 });
    expect(((await refusal(reserveSignIn(getDb(), EMAIL, IP, at(14.5)))) as RateLimitedError).details).toEqual({ minutes: 1 });
    // The refused attempts took nothing.
    expect((await rows()).map((r) => r.attempts)).toEqual([MAX, MAX]);
  });

  it("the wait is the blocking lock's, not the window of a counter that is not full", async () => {
    const db = getDb();
    // The pair counter has one attempt in a window open until minute 15; the address is locked until minute 5.
    await db.insert(signInThrottles).values([
      { scope: "account_address", email: EMAIL, ipAddress: IP, attempts: 1, windowStartedAt: at(0), createdAt: at(0) },
      { scope: "address", email: "", ipAddress: IP, attempts: 0, windowStartedAt: at(0), lockedUntil: at(5), lockouts: 1, createdAt: at(0) },
    ]);
    const err = await refusal(reserveSignIn(db, EMAIL, IP, at(1)));
    expect((err as RateLimitedError).details).toEqual({ minutes: 4 });
    // Nothing taken by the refused attempt: the pair row is rolled back to its one attempt.
    expect((await rows()).map((r) => r.attempts)).toEqual([1, 0]);
  });

  it("a database error is not turned into a rate limit", async () => {
    const err = await refusal(reserveSignIn(getDb(), "nul\u0000byte@example.com", IP, at(0)));
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(RateLimitedError);
    expect(await rows()).toEqual([]);
  });
});

describe("settleSignIn", () => {
  it("not_checked gives one attempt back on each counter and keeps the pair's doubling", async () => {
    const db = getDb();
    await db.insert(signInThrottles).values([
      { scope: "account_address", email: EMAIL, ipAddress: IP, attempts: 1, windowStartedAt: at(0), lockouts: 2, createdAt: at(0) },
      { scope: "address", email: "", ipAddress: IP, attempts: 1, windowStartedAt: at(0), lockouts: 2, createdAt: at(0) },
    ]);
    const r = await reserveSignIn(db, EMAIL, IP, at(1));
    await settleSignIn(db, r, "not_checked", at(1));
    expect((await rows()).map((x) => [x.scope, x.attempts, x.lockouts])).toEqual([
      ["account_address", 1, 2],
      ["address", 1, 2],
    ]);
  });

  it("succeeded clears the pair (attempts and doubling) but gives back only one attempt on the address", async () => {
    const db = getDb();
    await db.insert(signInThrottles).values([
      { scope: "account_address", email: EMAIL, ipAddress: IP, attempts: 1, windowStartedAt: at(0), lockouts: 2, createdAt: at(0) },
      { scope: "address", email: "", ipAddress: IP, attempts: 1, windowStartedAt: at(0), lockouts: 2, createdAt: at(0) },
    ]);
    const r = await reserveSignIn(db, EMAIL, IP, at(1));
    await settleSignIn(db, r, "succeeded", at(1));
    expect((await rows()).map((x) => [x.scope, x.attempts, x.lockouts, x.lockedUntil])).toEqual([
      ["account_address", 0, 0, null],
      ["address", 1, 2, null],
    ]);
  });
});

describe("takeThrottleSlot", () => {
  const key = { scope: "lookup_address", email: "", ipAddress: IP };
  const take = (minutes: number, k = key) => takeThrottleSlot(getDb(), k, 2, 10 * 60_000, at(minutes));
  const row = async (k = key) =>
    (await rows()).find((r) => r.scope === k.scope && r.email === k.email && r.ipAddress === k.ipAddress);

  it("gives `max` slots per fixed window, refuses while full, and starts a new window exactly when the old one ends", async () => {
    expect(await take(0)).toBe(true);
    expect(await row()).toEqual({ ...key, attempts: 1, windowStartedAt: at(0).toISOString(), lockedUntil: null, lockouts: 0 });
    expect(await take(1)).toBe(true);
    expect(await take(2)).toBe(false);
    expect(await take(9.99)).toBe(false);
    // A refusal takes nothing and does not move the window.
    expect(await row()).toMatchObject({ attempts: 2, windowStartedAt: at(0).toISOString() });
    expect(await take(10)).toBe(true);
    expect(await row()).toMatchObject({ attempts: 1, windowStartedAt: at(10).toISOString() });
    expect(await take(11)).toBe(true);
    expect(await take(12)).toBe(false);
  });

  it("counts each key on its own", async () => {
    const other = { scope: "lookup_address", email: "", ipAddress: "203.0.113.9" };
    const sameIpOtherScope = { scope: "lookup_account", email: "", ipAddress: IP };
    expect(await take(0)).toBe(true);
    expect(await take(0)).toBe(true);
    expect(await take(0)).toBe(false);
    expect(await take(0, other)).toBe(true);
    expect(await take(0, sameIpOtherScope)).toBe(true);
    expect(await row(sameIpOtherScope)).toMatchObject({ attempts: 1 });
    expect(await row()).toMatchObject({ attempts: 2 });
  });
});
