import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { signInAttempts, signInThrottles, users } from "@/db/schema";
import { getEnv, resetEnvCache } from "@/server/env";
import { log } from "@/server/lib/log";
import { useTestDb } from "@/test/db";
import { addressFromHeaders, authOptions } from "./auth-options";

const getDb = useTestDb();
let agent: { id: string; sessionVersion: number };

beforeAll(async () => {
  [agent] = await getDb()
    .insert(users)
    .values({ email: "opts-agent@payops.test", name: "Opts Agent", passwordHash: "x", role: "agent", sessionVersion: 4 })
    .returning({ id: users.id, sessionVersion: users.sessionVersion }) as [{ id: string; sessionVersion: number }];
});

afterEach(async () => {
  vi.restoreAllMocks();
  delete process.env.TRUSTED_PROXY_HOPS;
  resetEnvCache();
  await getDb().delete(signInAttempts);
  await getDb().delete(signInThrottles);
});

const credentialsProvider = () => authOptions().providers[0] as CredentialsConfig & { options: CredentialsConfig };
const authorize = (credentials: Record<string, unknown> | undefined, headers: Record<string, string> = {}) =>
  credentialsProvider().options.authorize(credentials as Record<"email" | "password", string> | undefined, { headers } as never);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as Error,
  );

describe("addressFromHeaders", () => {
  it("joins a repeated X-Forwarded-For header into one chain before counting hops", () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    resetEnvCache();
    expect(addressFromHeaders({ "x-forwarded-for": ["1.1.1.1", "10.0.0.9"] })).toBe("10.0.0.9");
    process.env.TRUSTED_PROXY_HOPS = "2";
    resetEnvCache();
    expect(addressFromHeaders({ "x-forwarded-for": ["1.1.1.1", "10.0.0.9"] })).toBe("1.1.1.1");
  });
});

describe("authOptions", () => {
  it("sets the token lifetime, the sign-in pages and the credentials form", () => {
    const o = authOptions();
    const maxAge = getEnv().SESSION_MAX_AGE / 1000;
    expect(o.jwt).toEqual({ maxAge });
    expect(o.pages).toEqual({ signIn: "/signin", error: "/signin" });
    const p = credentialsProvider();
    expect(p.id).toBe("credentials");
    expect(p.options.name).toBe("PayOps");
    expect(p.options.credentials).toEqual({ email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } });
  });
});

describe("authorize", () => {
  it("treats missing credentials as an empty e-mail and password: a wrong sign-in, recorded under the empty e-mail", async () => {
    expect((await failure(authorize(undefined, { "x-payops-peer": "198.51.100.20" })))?.message).toBe("invalid_credentials");
    expect((await failure(authorize({}, { "x-payops-peer": "198.51.100.20" })))?.message).toBe("invalid_credentials");
    const rows = await getDb().select({ email: signInAttempts.email, ip: signInAttempts.ipAddress, ok: signInAttempts.succeeded }).from(signInAttempts);
    expect(rows).toEqual([
      { email: "", ip: "198.51.100.20", ok: "no" },
      { email: "", ip: "198.51.100.20", ok: "no" },
    ]);
  });

  it("answers an unexpected failure with sign_in_unavailable and logs it", async () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    // A form that repeats the field arrives as an array: not a DomainError but a TypeError inside authenticate.
    const e = await failure(authorize({ email: ["a@payops.test", "b@payops.test"], password: "x" }));
    expect(e).toBeInstanceOf(Error);
    expect(e!.message).toBe("sign_in_unavailable");
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toBe("sign-in failed");
    expect(error.mock.calls[0]![1]).toEqual({ error: expect.any(TypeError) });
  });
});

describe("callbacks", () => {
  const now = () => Date.now();

  it("jwt: keeps a current token and refuses a revoked one", async () => {
    const jwt = authOptions().callbacks!.jwt!;
    const token: JWT = { uid: agent.id, sv: agent.sessionVersion, signedInAt: now(), email: "opts-agent@payops.test" };
    expect(await jwt({ token } as never)).toBe(token);
    const stale = { ...token, sv: agent.sessionVersion - 1 };
    expect((await failure(Promise.resolve(jwt({ token: stale } as never))))?.message).toBe("session revoked or expired");
  });

  it("session: builds the user from the token, with defaults for missing fields", () => {
    const session = authOptions().callbacks!.session!;
    const base = (): Session => ({ expires: "2026-03-01T16:00:00.000Z" }) as Session;
    expect((session({ session: base(), token: { uid: agent.id, email: "e@payops.test", name: "Ann", role: "finance" } } as never) as Session).user).toEqual({
      id: agent.id,
      email: "e@payops.test",
      name: "Ann",
      role: "finance",
    });
    expect((session({ session: base(), token: { uid: agent.id } } as never) as Session).user).toEqual({ id: agent.id, email: "", name: "", role: "agent" });
  });

  it("session: refuses a token without a user id, or no token at all", () => {
    const session = authOptions().callbacks!.session!;
    const base = { expires: "2026-03-01T16:00:00.000Z" } as Session;
    expect(() => session({ session: base, token: {} } as never)).toThrow(new Error("no session"));
    expect(() => session({ session: base, token: undefined } as never)).toThrow(new Error("no session"));
  });
});

describe("events.signOut", () => {
  it("moves the user's session version", async () => {
    await authOptions().events!.signOut!({ token: { uid: agent.id } } as never);
    const [row] = await getDb().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, agent.id));
    expect(row!.sv).toBe(agent.sessionVersion + 1);
    agent.sessionVersion += 1;
    // A token for no known user: nothing to revoke, no failure.
    await expect(authOptions().events!.signOut!({ token: { uid: randomUUID() } } as never)).resolves.toBeUndefined();
  });
});

describe("logger", () => {
  it("logs expected next-auth errors as info, others as errors with their metadata, and warnings as warnings", () => {
    const info = vi.spyOn(log, "info").mockImplementation(() => undefined);
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    const logger = authOptions().logger!;
    const meta = new Error("token expired");
    logger.error!("JWT_SESSION_ERROR", meta);
    logger.error!("SIGNOUT_ERROR", meta);
    expect(info.mock.calls).toEqual([
      ["next-auth", { code: "JWT_SESSION_ERROR" }],
      ["next-auth", { code: "SIGNOUT_ERROR" }],
    ]);
    expect(error).not.toHaveBeenCalled();
    logger.error!("CALLBACK_CREDENTIALS_HANDLER_ERROR", meta);
    expect(error.mock.calls).toEqual([["next-auth", { code: "CALLBACK_CREDENTIALS_HANDLER_ERROR", error: meta }]]);
    expect(info).toHaveBeenCalledTimes(2);
    logger.warn!("DEBUG_ENABLED");
    expect(warn.mock.calls).toEqual([["next-auth", { code: "DEBUG_ENABLED" }]]);
  });
});
