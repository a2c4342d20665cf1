import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/server/env";
import { TEST_ENV } from "@/test/test-env";
import { proxy } from "../proxy";

afterEach(() => {
  process.env.APP_URL = TEST_ENV.APP_URL;
  resetEnvCache();
});

const scriptSrc = (csp: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"))!;

describe("proxy.ts security headers", () => {
  it("gives every page a script CSP with a fresh nonce and no 'unsafe-inline', and hands the nonce to Next", async () => {
    const a = await proxy(new NextRequest("http://t/signin"));
    const b = await proxy(new NextRequest("http://t/signin"));
    const csp = a.headers.get("content-security-policy")!;
    expect(scriptSrc(csp)).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(scriptSrc(csp)).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(b.headers.get("content-security-policy")).not.toBe(csp);
    // Next reads the nonce from the request's CSP header (forwarded as x-middleware-request-*).
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
  });

  it("redirects a console page without a session to sign-in, still with the headers", async () => {
    const res = await proxy(new NextRequest("http://t/orders?q=1"));
    expect(res.status).toBe(307);
    expect(new URL(res.headers.get("location")!).pathname).toBe("/signin");
    expect(res.headers.get("content-security-policy")).toContain("'nonce-");
  });

  it("sends HSTS only when APP_URL is https", async () => {
    expect((await proxy(new NextRequest("http://t/signin"))).headers.get("strict-transport-security")).toBeNull();
    process.env.APP_URL = "https://payops.example.com";
    resetEnvCache();
    expect((await proxy(new NextRequest("https://payops.example.com/signin"))).headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });
});
