import { readdirSync } from "node:fs";
import path from "node:path";
import type { NextConfig } from "next";
import { NextRequest } from "next/server";
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvCache } from "@/server/env";
import { TEST_ENV } from "@/test/test-env";
import { proxy, PUBLIC_PREFIXES, routeGroupOf } from "../proxy";

afterEach(() => {
  process.env.APP_URL = TEST_ENV.APP_URL;
  delete process.env.EMBED_FRAME_ANCESTORS;
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

const frameAncestors = (csp: string | null) => csp!.split(";").map((d) => d.trim()).find((d) => d.startsWith("frame-ancestors"));

describe("headers per route group", () => {
  it("sorts paths into their groups", () => {
    const expected: Record<string, string> = {
      "/": "console",
      "/orders": "console",
      "/orders/DEMO-1": "console",
      "/ops": "console",
      "/helpdesk": "console", // a prefix match is a whole segment
      "/signin": "signin",
      "/help/payment": "public",
      "/status": "public",
      "/lookup/ORDER-1": "public",
      "/embed": "embed",
      "/embed/banner": "embed",
      "/embedded": "console",
      "/ack/abc.def": "ack",
      "/acknowledge": "console",
      "/demo/shop": "demo",
      "/demonstration": "console",
    };
    for (const [p, group] of Object.entries(expected)) expect(routeGroupOf(p), p).toBe(group);
  });

  it("console pages: never framed, never stored", async () => {
    const res = await proxy(new NextRequest("http://t/orders"));
    expect(frameAncestors(res.headers.get("content-security-policy"))).toBe("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("the sign-in page: never framed, never stored", async () => {
    const res = await proxy(new NextRequest("http://t/signin"));
    expect(res.status).toBe(200);
    expect(frameAncestors(res.headers.get("content-security-policy"))).toBe("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("alert acknowledge links (/ack/<token>): no session needed, never framed, never stored (the URL is a credential)", async () => {
    const res = await proxy(new NextRequest("http://t/ack/abc.def"));
    expect(res.status).toBe(200);
    expect(res.headers.get("location")).toBeNull();
    expect(frameAncestors(res.headers.get("content-security-policy"))).toBe("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("public pages: no session needed or read, no cookie set, cacheable per language, never framed", async () => {
    // A session cookie (here a forged one) changes nothing: the page is the same for everyone.
    for (const cookie of [undefined, "next-auth.session-token=forged"]) {
      const res = await proxy(new NextRequest("http://t/help/payment", { headers: cookie ? { cookie } : {} }));
      expect(res.status).toBe(200);
      expect(res.headers.get("location")).toBeNull();
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(res.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=300");
      expect(res.headers.get("vary")).toBe("Cookie, Accept-Language");
      expect(frameAncestors(res.headers.get("content-security-policy"))).toBe("frame-ancestors 'none'");
      expect(scriptSrc(res.headers.get("content-security-policy")!)).toMatch(/'nonce-/);
    }
  });

  it("/embed/: framable only by EMBED_FRAME_ANCESTORS, by nobody when it is unset", async () => {
    const none = await proxy(new NextRequest("http://t/embed/banner"));
    expect(frameAncestors(none.headers.get("content-security-policy"))).toBe("frame-ancestors 'none'");
    expect(none.headers.get("cache-control")).toContain("public");

    process.env.EMBED_FRAME_ANCESTORS = "https://shop.example.com, https://*.shop.example.com 'self'";
    resetEnvCache();
    const some = await proxy(new NextRequest("http://t/embed/banner"));
    expect(frameAncestors(some.headers.get("content-security-policy"))).toBe("frame-ancestors https://shop.example.com https://*.shop.example.com 'self'");
    // ...and only there
    for (const p of ["/help/payment", "/orders", "/signin", "/embedded"]) {
      expect(frameAncestors((await proxy(new NextRequest(`http://t${p}`))).headers.get("content-security-policy")), p).toBe("frame-ancestors 'none'");
    }
  });

  it("refuses an EMBED_FRAME_ANCESTORS value that is not a list of origins (no directive injection, no *)", () => {
    for (const bad of ["*", "https://a.example; script-src *", "javascript:alert(1)", "'unsafe-inline'", "https://a.example/path"]) {
      process.env.EMBED_FRAME_ANCESTORS = bad;
      resetEnvCache();
      expect(() => getEnv(), bad).toThrow(/EMBED_FRAME_ANCESTORS/);
    }
  });

  it("X-Frame-Options DENY on every path except /embed/ (next.config.js)", async () => {
    // next.config.js is plain JS (no types); the variable keeps tsc from resolving it.
    const configFile = "../next.config.js";
    const { default: nextConfig } = (await import(configFile)) as { default: NextConfig };
    const rules = await nextConfig.headers!();
    const xfo = (p: string) =>
      rules
        .filter((r) => getPathMatch(r.source, {})(p) !== false)
        .flatMap((r) => r.headers)
        .find((h) => h.key === "X-Frame-Options")?.value;
    for (const p of ["/", "/orders", "/signin", "/help/payment", "/api/health", "/embedded"]) expect(xfo(p), p).toBe("DENY");
    for (const p of ["/embed", "/embed/banner"]) expect(xfo(p), p).toBeUndefined();
  });

  it("/demo/ (sample merchant pages): no session, no cookie, scripts from this origin only (no inline, no nonce), never framed", async () => {
    const res = await proxy(new NextRequest("http://t/demo/shop", { headers: { cookie: "next-auth.session-token=forged" } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("set-cookie")).toBeNull();
    const csp = res.headers.get("content-security-policy")!;
    expect(scriptSrc(csp)).toBe("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(frameAncestors(csp)).toBe("frame-ancestors 'none'");
  });

  it("every page of app/(public) is under a public prefix (so it gets the public headers, and no session check)", () => {
    const root = path.join(process.cwd(), "app", "(public)");
    const pages = (readdirSync(root, { recursive: true }) as string[]).filter((f) => path.basename(f) === "page.tsx");
    expect(pages.length).toBeGreaterThan(0);
    for (const f of pages) {
      const url = "/" + path.dirname(f).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/");
      expect(PUBLIC_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`)), url).toBe(true);
      expect(routeGroupOf(url)).not.toBe("console");
    }
  });
});
