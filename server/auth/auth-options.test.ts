import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import { encode } from "next-auth/jwt";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { signInThrottles, users } from "@/db/schema";
import { systemActor } from "@/server/audit/write-audit";
import { getEnv, resetEnvCache } from "@/server/env";
import { useTestDb } from "@/test/db";
import { TEST_ENV } from "@/test/test-env";
import { addUser } from "./add-user";
import { addressFromHeaders, authOptions } from "./auth-options";
import { disableUser } from "./disable-user";
import { DEMO_PASSWORD, seedDemoUsers } from "./seed-users";

const getDb = useTestDb();

beforeAll(async () => {
  await seedDemoUsers(getDb());
});

afterEach(async () => {
  delete process.env.TRUSTED_PROXY_HOPS;
  setEnv({ APP_URL: TEST_ENV.APP_URL! });
  await getDb().delete(signInThrottles);
});

function setEnv(vars: Record<string, string>) {
  Object.assign(process.env, vars);
  // Derived from APP_URL by authOptions() (server/auth/public-url.ts); derived again for the new APP_URL.
  if (vars.APP_URL) delete process.env.NEXTAUTH_URL;
  resetEnvCache();
}

interface Answer {
  status: number;
  body: unknown;
  location?: string;
  setCookies: string[];
}

/** One request through next-auth's real handler (its pages-API entry point, which needs no Next runtime). */
async function nextAuth(
  path: string[],
  opts: { method?: "GET" | "POST"; body?: Record<string, string>; cookies?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string | string[]> = {};
  const answer: Answer = { status: 200, body: undefined, setCookies: [] };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    setHeader(name: string, value: string | string[]) {
      headers[name.toLowerCase()] = value;
    },
    getHeader(name: string) {
      return headers[name.toLowerCase()];
    },
    end() {},
    json(b: unknown) {
      answer.body = b;
    },
    send(b: unknown) {
      answer.body = b;
    },
  };
  const req = {
    query: { nextauth: path },
    method: opts.method ?? "GET",
    body: opts.body ?? {},
    cookies: opts.cookies ?? {},
    headers: { host: new URL(getEnv().APP_URL).host, ...opts.headers },
  };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, authOptions());
  answer.setCookies = ([] as string[]).concat(headers["set-cookie"] ?? []);
  answer.location = headers.location as string | undefined;
  return answer;
}

const cookieValue = (setCookies: string[], name: string) => {
  const line = setCookies.find((c) => c.startsWith(`${name}=`));
  return line ? decodeURIComponent(line.slice(name.length + 1).split(";")[0]!) : undefined;
};

/** Signs in through next-auth like the browser form does; returns the cookies the browser would then hold. */
async function signIn(email: string, password: string, ip = "203.0.113.1", prefix = "") {
  const csrf = await nextAuth(["csrf"]);
  const csrfCookieName = `${prefix === "__Secure-" ? "__Host-" : ""}next-auth.csrf-token`;
  const csrfCookie = cookieValue(csrf.setCookies, csrfCookieName)!;
  const answer = await nextAuth(["callback", "credentials"], {
    method: "POST",
    body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, email, password, json: "true" },
    cookies: { [csrfCookieName]: csrfCookie },
    headers: { "x-forwarded-for": ip },
  });
  const session = cookieValue(answer.setCookies, `${prefix}next-auth.session-token`);
  return { answer, session, csrfCookieName, csrfCookie, csrfToken: (csrf.body as { csrfToken: string }).csrfToken };
}

const sessionOf = async (token: string | undefined, prefix = "") =>
  (await nextAuth(["session"], { cookies: token ? { [`${prefix}next-auth.session-token`]: token } : {} })).body as { user?: { email: string; role: string } };

describe("authOptions", () => {
  it("uses a JWT session of SESSION_MAX_AGE and the configured secret", () => {
    const o = authOptions();
    expect(o.session).toEqual({ strategy: "jwt", maxAge: getEnv().SESSION_MAX_AGE / 1000 });
    expect(o.secret).toBe(getEnv().NEXTAUTH_SECRET);
  });

  it("derives Secure cookies from APP_URL", () => {
    setEnv({ APP_URL: "http://127.0.0.1:3999" });
    expect(authOptions().useSecureCookies).toBe(false);
    setEnv({ APP_URL: "https://payops.example.com" });
    expect(authOptions().useSecureCookies).toBe(true);
    setEnv({ APP_URL: "http://127.0.0.1:3999" });
  });

  it("takes the client address only as far as TRUSTED_PROXY_HOPS allows", () => {
    const headers = { "x-forwarded-for": "1.1.1.1, 10.0.0.9" };
    expect(addressFromHeaders(headers)).toBeNull();
    // No proxy: the socket address scripts/serve.ts stamped (x-payops-peer), never X-Forwarded-For.
    expect(addressFromHeaders({ ...headers, "x-payops-peer": "198.51.100.7" })).toBe("198.51.100.7");
    setEnv({ TRUSTED_PROXY_HOPS: "1" });
    expect(addressFromHeaders(headers)).toBe("10.0.0.9");
    setEnv({ TRUSTED_PROXY_HOPS: "2" });
    expect(addressFromHeaders(headers)).toBe("1.1.1.1");
    expect(addressFromHeaders(undefined)).toBeNull();
  });

  it("keeps redirects after sign-in and sign-out on our own origin", () => {
    const redirect = (url: string) => authOptions().callbacks!.redirect!({ url, baseUrl: "http://localhost:3000" }) as string;
    expect(redirect("/orders?q=1")).toBe("http://127.0.0.1:3999/orders?q=1");
    expect(redirect("http://127.0.0.1:3999/jobs")).toBe("http://127.0.0.1:3999/jobs");
    for (const evil of ["https://evil.example/x", "//evil.example", "/\\evil.example/x", "/\t/evil.example/x", "javascript:alert(1)", "http://localhost:3000/x"]) {
      expect(redirect(evil)).toBe("http://127.0.0.1:3999/");
    }
  });
});

describe("sign-in through next-auth", () => {
  it("maps failures to safe codes for the form, and limits per trusted address", async () => {
    setEnv({ TRUSTED_PROXY_HOPS: "1" });
    const ok = await signIn("ops@payops.local", DEMO_PASSWORD, "203.0.113.1");
    expect(ok.session).toBeTruthy();
    const wrong = await signIn("ops@payops.local", "wrong", "203.0.113.2");
    expect(wrong.session).toBeUndefined();
    expect((wrong.answer.body as { url: string }).url).toContain("error=invalid_credentials");
    for (let i = 0; i < getEnv().SIGNIN_MAX_ATTEMPTS; i++) await signIn("ghost@payops.local", "x", "203.0.113.3");
    const limited = await signIn("admin@payops.local", DEMO_PASSWORD, "203.0.113.3");
    expect((limited.answer.body as { url: string }).url).toMatch(/error=rate_limited%3A\d+/);
    // The same account from another address is not locked.
    expect((await signIn("admin@payops.local", DEMO_PASSWORD, "203.0.113.4")).session).toBeTruthy();
  });

  it("sign-out revokes the session: the captured cookie no longer works", async () => {
    const { session, csrfCookieName, csrfCookie, csrfToken } = await signIn("agent@payops.local", DEMO_PASSWORD);
    expect((await sessionOf(session)).user).toMatchObject({ email: "agent@payops.local", role: "agent" });
    const out = await nextAuth(["signout"], {
      method: "POST",
      body: { csrfToken, callbackUrl: "/signin", json: "true" },
      cookies: { [csrfCookieName]: csrfCookie, "next-auth.session-token": session! },
    });
    expect((out.body as { url: string }).url).toBe("http://127.0.0.1:3999/signin");
    const replay = await nextAuth(["session"], { cookies: { "next-auth.session-token": session! } });
    expect(replay.body).toEqual({});
    // …and next-auth tells the browser to drop it.
    expect(replay.setCookies.some((c) => c.startsWith("next-auth.session-token=;"))).toBe(true);
    // A new sign-in works again.
    const again = await signIn("agent@payops.local", DEMO_PASSWORD);
    expect((await sessionOf(again.session)).user).toMatchObject({ email: "agent@payops.local" });
  });

  it("ends a session SESSION_MAX_AGE after sign-in however often it was refreshed", async () => {
    const db = getDb();
    const [u] = await db.select().from(users).where(eq(users.email, "manager@payops.local"));
    const token = (signedInAt: number) =>
      encode({
        secret: getEnv().NEXTAUTH_SECRET,
        token: { email: u!.email, name: u!.name, uid: u!.id, role: u!.role, sv: u!.sessionVersion, signedInAt },
      });
    const max = getEnv().SESSION_MAX_AGE;
    expect((await sessionOf(await token(Date.now() - max + 60_000))).user).toMatchObject({ role: "manager" });
    expect(await sessionOf(await token(Date.now() - max - 1000))).toEqual({});
    // A refresh re-issues the cookie but keeps the sign-in time.
    const fresh = await signIn("manager@payops.local", DEMO_PASSWORD);
    const refreshed = await nextAuth(["session"], { cookies: { "next-auth.session-token": fresh.session! } });
    const { decode } = await import("next-auth/jwt");
    const before = await decode({ secret: getEnv().NEXTAUTH_SECRET, token: fresh.session! });
    const after = await decode({ secret: getEnv().NEXTAUTH_SECRET, token: cookieValue(refreshed.setCookies, "next-auth.session-token")! });
    expect(after!.signedInAt).toBe(before!.signedInAt);
    expect(typeof after!.signedInAt).toBe("number");
    // A token without a sign-in time (issued before this rule) is not accepted.
    expect(await sessionOf(await encode({ secret: getEnv().NEXTAUTH_SECRET, token: { uid: u!.id, sv: u!.sessionVersion } }))).toEqual({});
  });

  it("a password or role change, or disabling the user, revokes their sessions", async () => {
    const db = getDb();
    const first = await signIn("senior@payops.local", DEMO_PASSWORD);
    expect((await sessionOf(first.session)).user).toMatchObject({ role: "senior_agent" });
    await addUser(db, { email: "senior@payops.local", role: "finance", password: "a-new-long-password" }, systemActor("test"));
    expect(await sessionOf(first.session)).toEqual({});
    const second = await signIn("senior@payops.local", "a-new-long-password");
    expect((await sessionOf(second.session)).user).toMatchObject({ role: "finance" });
    const [u] = await db.select().from(users).where(eq(users.email, "senior@payops.local"));
    await disableUser(db, u!.id, systemActor("test"));
    expect(await sessionOf(second.session)).toEqual({});
  });

  it("over https, the session and CSRF cookies are Secure and prefixed", async () => {
    setEnv({ APP_URL: "https://payops.example.com" });
    try {
      const { answer, session } = await signIn("finance@payops.local", DEMO_PASSWORD, "203.0.113.1", "__Secure-");
      expect(session).toBeTruthy();
      const line = answer.setCookies.find((c) => c.startsWith("__Secure-next-auth.session-token="))!;
      expect(line).toMatch(/; Secure/);
      expect(line).toMatch(/; HttpOnly/);
      expect((await sessionOf(session, "__Secure-")).user).toMatchObject({ email: "finance@payops.local" });
      const csrf = await nextAuth(["csrf"]);
      expect(csrf.setCookies.find((c) => c.startsWith("__Host-next-auth.csrf-token="))).toMatch(/; Secure/);
    } finally {
      setEnv({ APP_URL: "http://127.0.0.1:3999" });
    }
  });
});
