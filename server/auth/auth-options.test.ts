import { beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@/server/env";
import { useTestDb } from "@/test/db";
import { authOptions, clientIp } from "./auth-options";
import { DEMO_PASSWORD, seedDemoUsers } from "./seed-users";

const getDb = useTestDb();

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (email: string, password: string, ip: string) => {
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": ip } });
};

beforeAll(async () => {
  await seedDemoUsers(getDb());
});

describe("authOptions", () => {
  it("uses a JWT session of SESSION_MAX_AGE and the configured secret", () => {
    const o = authOptions();
    expect(o.session).toEqual({ strategy: "jwt", maxAge: getEnv().SESSION_MAX_AGE / 1000 });
    expect(o.secret).toBe(getEnv().NEXTAUTH_SECRET);
  });

  it("authorize returns the user with role, and maps failures to safe codes for the form", async () => {
    await expect(authorize("ops@payops.local", DEMO_PASSWORD, "203.0.113.1")).resolves.toMatchObject({ email: "ops@payops.local", role: "ops" });
    await expect(authorize("ops@payops.local", "wrong", "203.0.113.2")).rejects.toThrow(/^invalid_credentials$/);
    for (let i = 0; i < getEnv().SIGNIN_MAX_ATTEMPTS; i++) await authorize("ghost@payops.local", "x", "203.0.113.3").catch(() => undefined);
    await expect(authorize("admin@payops.local", DEMO_PASSWORD, "203.0.113.3")).rejects.toThrow(/^rate_limited:\d+$/);
  });

  it("takes the address our proxy appended (last X-Forwarded-For hop)", () => {
    expect(clientIp({ "x-forwarded-for": "1.1.1.1, 10.0.0.9" })).toBe("10.0.0.9");
    expect(clientIp(new Headers({ "x-real-ip": "10.0.0.7" }))).toBe("10.0.0.7");
    expect(clientIp(undefined)).toBe("unknown");
  });
});
