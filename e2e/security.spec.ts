import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { freshIp, ROLE_EMAILS, storageFor } from "./fixtures/roles";

// HTTP-level checks against the running app (E2E_MODE=production: the build we ship). Issue #6.
const production = process.env.E2E_MODE === "production";
// The e2e server uses the demo defaults in dev mode; in production .ci/run passes random secrets to both
// the server and this process.
function secret(name: "MERCHANT_API_KEY" | "CRON_SECRET", demo: string): string {
  const v = process.env[name] ?? (production ? undefined : demo);
  if (!v) throw new Error(`${name} must be set for E2E_MODE=production (run as .ci/run does: the server and Playwright share it)`);
  return v;
}
const merchantKey = () => secret("MERCHANT_API_KEY", "demo-merchant-key");
const cronSecret = () => secret("CRON_SECRET", "demo-cron-secret");

const frameAncestorsOf = (csp: string | undefined) => csp?.split(";").map((d) => d.trim()).find((d) => d.startsWith("frame-ancestors"));
const scriptSrc = (csp: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";

async function createOrder(request: APIRequestContext, orderNo: string): Promise<APIResponse> {
  return request.post("/api/v1/orders", {
    headers: { authorization: `Bearer ${merchantKey()}` },
    data: { orderNo, userId: "u-sec", userPhone: "13912345678", amountMinor: 1999, currency: "CNY", provider: "sandbox", subject: "安全测试" },
  });
}

test.describe("security headers", () => {
  test("pages carry a script CSP with a per-request nonce, no 'unsafe-inline', and Next's scripts use it", async ({ request }) => {
    const a = await request.get("/signin");
    const b = await request.get("/signin");
    const csp = a.headers()["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc(csp))?.[1];
    expect(nonce).toBeTruthy();
    expect(scriptSrc(csp)).not.toContain("'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(b.headers()["content-security-policy"]).not.toBe(csp);
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    // The other headers stay.
    expect(a.headers()["x-frame-options"]).toBe("DENY");
    expect(a.headers()["x-content-type-options"]).toBe("nosniff");
    expect(a.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  test("API answers get a policy that allows no scripts at all", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.headers()["content-security-policy"]).toContain("default-src 'none'");
  });

  test("no HSTS over plain http (APP_URL is http here; the https case is a unit test of proxy.ts)", async ({ request }) => {
    const res = await request.get("/signin");
    expect(res.headers()["strict-transport-security"]).toBeUndefined();
  });

  test("the console still renders and hydrates under the CSP", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to execute/i.test(m.text())) violations.push(m.text());
    });
    await page.goto("/signin");
    // Only a hydrated page reacts to the language switch.
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { name: "Sign in to PayOps" })).toBeVisible();
    expect(violations).toEqual([]);
  });
});

test.describe("headers per route group", () => {
  test("sign-in: never framed, never stored", async ({ request }) => {
    const res = await request.get("/signin");
    expect(frameAncestorsOf(res.headers()["content-security-policy"])).toBe("frame-ancestors 'none'");
    expect(res.headers()["x-frame-options"]).toBe("DENY");
    expect(res.headers()["cache-control"]).toContain("no-store");
  });

  test("the public help page: no sign-in, no cookie set, never framed, cacheable in production", async ({ page }) => {
    const trpc: string[] = [];
    page.on("request", (r) => {
      const p = new URL(r.url()).pathname;
      if (p.startsWith("/api/trpc") || p.startsWith("/api/auth")) trpc.push(p);
    });
    const res = await page.goto("/help/payment");
    expect(res!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/help/payment");
    const h = res!.headers();
    expect(h["set-cookie"]).toBeUndefined();
    expect(frameAncestorsOf(h["content-security-policy"])).toBe("frame-ancestors 'none'");
    expect(h["x-frame-options"]).toBe("DENY");
    // `next dev` forces no-store on every page; the build we ship keeps proxy.ts's public policy.
    expect(h["cache-control"]).toBe(production ? "public, max-age=60, stale-while-revalidate=300" : "no-store");
    await expect(page.getByRole("heading", { name: "已付款，订单却没有更新？" })).toBeVisible();
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { name: "Paid, but the order has not updated?" })).toBeVisible();
    // a light layout: no console client, no session lookup
    expect(trpc).toEqual([]);
  });

  test("/embed/ sends no X-Frame-Options (frame-ancestors decides: 'none' unless EMBED_FRAME_ANCESTORS is set)", async ({ request }) => {
    const res = await request.get("/embed/nothing-yet");
    expect(res.headers()["x-frame-options"]).toBeUndefined();
    expect(frameAncestorsOf(res.headers()["content-security-policy"])).toBe("frame-ancestors 'none'");
    expect(res.headers()["set-cookie"]).toBeUndefined();
  });
});

test.describe("signed-in console headers", () => {
  test.use({ storageState: storageFor("senior_agent") });
  test("never framed, never stored", async ({ request }) => {
    const res = await request.get("/orders");
    expect(res.status()).toBe(200);
    expect(frameAncestorsOf(res.headers()["content-security-policy"])).toBe("frame-ancestors 'none'");
    expect(res.headers()["x-frame-options"]).toBe("DENY");
    expect(res.headers()["cache-control"]).toContain("no-store");
  });
});

test.describe("signed-in console under the CSP", () => {
  // Not the agent: e2e/agent.spec.ts signs the agent out, which ends every agent session (server-side revocation).
  test.use({ storageState: storageFor("senior_agent") });

  test("the order list loads its data (client-side tRPC after hydration)", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to execute/i.test(m.text())) violations.push(m.text());
    });
    await page.goto("/orders");
    await expect(page.getByRole("table", { name: "订单查询" })).toBeVisible();
    await page.getByRole("combobox", { name: "状态" }).selectOption("FULFILLED");
    await expect(page.getByRole("table", { name: "订单查询" }).getByRole("link").first()).toHaveText(/^(DEMO-|SIM)/);
    expect(violations).toEqual([]);
  });
});

test.describe("limits", () => {
  test("/api/demo-merchant/fulfil does not exist outside demo mode", async ({ request }) => {
    const res = await request.post("/api/demo-merchant/fulfil", { data: { any: "thing" } });
    // Production (what we ship) is not demo mode: 404. The dev-mode e2e server is demo mode, where the demo
    // merchant exists and refuses an unsigned call; app/api/hardening.test.ts covers both switches.
    expect(res.status()).toBe(production ? 404 : 401);
  });

  test("the merchant API refuses an oversized body with 413", async ({ request }) => {
    const big = JSON.stringify({ orderNo: "BIG-1", userId: "u", amountMinor: 1, provider: "sandbox", subject: "x".repeat(200 * 1024) });
    const res = await request.post("/api/v1/orders", { headers: { authorization: `Bearer ${merchantKey()}`, "content-type": "application/json" }, data: big });
    expect(res.status()).toBe(413);
    // Without the key too: a declared oversized body is refused before anything is read.
    expect((await request.post("/api/v1/orders", { headers: { "content-type": "application/json" }, data: big })).status()).toBe(413);
  });

  test("NUL bytes and lone surrogates in merchant fields are a 400 with the field named", async ({ request }) => {
    const raw = `{"orderNo":"NUL-${Date.now()}","userId":"u\\u0000x","amountMinor":1,"provider":"sandbox","subject":"\\ud800"}`;
    const res = await request.post("/api/v1/orders", { headers: { authorization: `Bearer ${merchantKey()}`, "content-type": "application/json" }, data: raw });
    expect(res.status()).toBe(400);
    expect(Object.keys((await res.json()).error.details.fields).sort()).toEqual(["subject", "userId"]);
  });

  test("a tRPC batch of more than 20 calls is refused with 413", async ({ request }) => {
    const paths = Array.from({ length: 150 }, () => "order.search").join(",");
    const res = await request.get(`/api/trpc/${paths}?batch=1&input=${encodeURIComponent("{}")}`);
    expect(res.status()).toBe(413);
    expect((await res.json()).error.message).toContain("at most 20 calls");
  });

  test("an unsafe x-request-id is replaced, a safe one kept", async ({ request }) => {
    const bad = await request.get("/api/v1/orders/NOPE", { headers: { authorization: `Bearer ${merchantKey()}`, "x-request-id": "<script>x</script>" } });
    expect(bad.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const good = await request.get("/api/v1/orders/NOPE", { headers: { authorization: `Bearer ${merchantKey()}`, "x-request-id": "shop-42" } });
    expect(good.headers()["x-request-id"]).toBe("shop-42");
  });
});

test.describe("health", () => {
  test("the public gets up or down only; the cron secret gets the details", async ({ request }) => {
    const pub = await request.get("/api/health");
    expect(pub.status()).toBe(200);
    expect(await pub.json()).toEqual({ status: "up" });
    const detailed = await request.get("/api/health", { headers: { authorization: `Bearer ${cronSecret()}` } });
    expect(detailed.status()).toBe(200);
    const body = await detailed.json();
    expect(body.database.ok).toBe(true);
    expect(body.migrations).toBeDefined();
  });

  test.describe("signed in", () => {
    test.use({ storageState: storageFor("ops") });
    test("a console session gets the details", async ({ page }) => {
      const res = await page.request.get("/api/health");
      expect((await res.json()).database?.ok).toBe(true);
    });
  });
});

test.describe("open redirect after sign-in", () => {
  test.use({ extraHTTPHeaders: { "x-forwarded-for": freshIp("198.51.100") } });
  for (const callbackUrl of ["/%5Cevil.example/x", "/%09/evil.example/x", "//evil.example/x", "https://evil.example/x"]) {
    test(`callbackUrl=${callbackUrl} stays on our origin`, async ({ page, baseURL }) => {
      await page.goto(`/signin?callbackUrl=${callbackUrl}`);
      await page.getByRole("textbox", { name: "邮箱" }).fill(ROLE_EMAILS.agent);
      await page.getByLabel("密码").fill("payops-demo");
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
      expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    });
  }
});

test.describe("an order flooded with rejected messages", () => {
  // Not the agent: e2e/agent.spec.ts signs the agent out, which ends every agent session (server-side revocation).
  test.use({ storageState: storageFor("senior_agent") });

  test("its page and its detail stay small", async ({ page, request }) => {
    const orderNo = `FLOOD-${Date.now()}`;
    expect((await createOrder(request, orderNo)).status()).toBe(201);
    // Unsigned (forged) callbacks naming the order, just under the 1 MiB callback limit each.
    const pad = "x".repeat(900 * 1024);
    for (let i = 0; i < 30; i++) {
      const res = await request.post("/api/callbacks/sandbox", {
        headers: { "content-type": "application/json", "sandbox-signature": "t=1,v1=forged", "x-forwarded-for": freshIp("203.0.113") },
        data: JSON.stringify({ orderNo, eventId: `evt-${i}`, transactionId: "TX", amountMinor: 1999, currency: "CNY", status: "SUCCESS", pad }),
      });
      // Refused (rejected and stored for forensics, or counted once over the intake's bound), never a 5xx.
      expect(res.status()).toBeLessThan(500);
    }

    const detail = await page.request.get(`/api/trpc/order.get?input=${encodeURIComponent(JSON.stringify({ json: { orderNo } }))}`);
    expect(detail.status()).toBe(200);
    expect((await detail.body()).byteLength).toBeLessThan(100_000);

    const html = await page.request.get(`/orders/${orderNo}`);
    expect(html.status()).toBe(200);
    expect((await html.body()).byteLength).toBeLessThan(300_000);

    // And in the browser: the page renders, the rejected messages are a count, opened 20 at a time.
    await page.goto(`/orders/${orderNo}`);
    await expect(page.getByRole("heading", { name: orderNo })).toBeVisible();
    const problems = page.getByRole("region", { name: "problem messages" });
    await expect(problems).toBeVisible();
    await problems.getByRole("button", { name: "查看", exact: true }).click();
    await expect(problems.getByRole("listitem").first()).toBeVisible();
    expect(await problems.getByRole("listitem").count()).toBeLessThanOrEqual(20);
  });
});
