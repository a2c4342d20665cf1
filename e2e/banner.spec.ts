import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, request, test, type APIRequestContext, type Page } from "@playwright/test";
import { SCREENSHOTS, storageFor } from "./fixtures/roles";

// Issue 9: the embeddable banner inside a merchant's page on ANOTHER origin (a tiny host served from this
// test with node:http). It shows while a notice is active, hides once it is resolved, a dismissal is
// remembered, and when PayOps is down or answers garbage the host page works exactly as before.

const PAYOPS = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
const stamp = Date.now().toString(36);
const TITLE = { "zh-CN": `支付渠道繁忙（测试 ${stamp}）`, en: `Card payments are slow (test ${stamp})` };
const BODY = { "zh-CN": "付款后订单可能需要几分钟才会更新，请不要重复付款。", en: "Orders may take a few minutes to update after you pay. Please don't pay twice." };

/** The host page: its own content and script, plus the one-line embed pointing at `scriptOrigin`. */
const hostHtml = (scriptOrigin: string, locale: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Merchant shop</title>
<style>body{font-family:sans-serif;margin:0}main{padding:24px}div{padding:40px}</style>
<script src="${scriptOrigin}/embed/banner.js" data-locale="${locale}" async></script>
</head><body><main><h1>Merchant shop</h1><button id="buy" type="button">Buy now</button><p id="out">waiting</p></main>
<script src="/host.js"></script></body></html>`;
const HOST_JS = `document.getElementById("out").textContent = "host script ran";
document.getElementById("buy").addEventListener("click", function () { document.getElementById("out").textContent = "bought"; });`;

let host: Server;
let hostOrigin = "";
let closedOrigin = "";
let bannerScript = "";

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

test.beforeAll(async () => {
  // A port that was just free and is now closed: "PayOps unreachable".
  const probe = createServer();
  closedOrigin = await listen(probe);
  await new Promise((r) => probe.close(r));
  bannerScript = await (await fetch(`${PAYOPS}/embed/banner.js`)).text();
  host = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const send = (type: string, body: string, status = 200) => res.writeHead(status, { "content-type": type, "access-control-allow-origin": "*" }).end(body);
    if (url.pathname === "/host.js") return send("text/javascript", HOST_JS);
    // The real banner script served by a fake "PayOps" (this server), whose /api/status answers garbage.
    if (url.pathname === "/embed/banner.js") return send("text/javascript", bannerScript);
    if (url.pathname === "/api/status") return send("application/json", '{"banner": {"id": 1, "title": ');
    const origin = url.searchParams.get("payops") === "closed" ? closedOrigin : url.searchParams.get("payops") === "garbage" ? hostOrigin : PAYOPS;
    return send("text/html; charset=utf-8", hostHtml(origin, url.searchParams.get("locale") ?? "en"));
  });
  hostOrigin = await listen(host);
});

test.afterAll(async () => {
  if (!host) return;
  host.closeAllConnections(); // the browser's keep-alive connections would hold close() open
  await new Promise((r) => host.close(r));
});

/** Errors the host page would notice: uncaught exceptions and console errors (network failures aside). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // "Failed to load resource: net::ERR_CONNECTION_REFUSED" is the browser's network log, not a script error.
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

async function opsApi(): Promise<APIRequestContext> {
  return request.newContext({ baseURL: PAYOPS, storageState: storageFor("ops") });
}

async function trpc<T>(api: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const res = await api.post(`/api/trpc/${procedure}`, { data: { json: input }, headers: { "content-type": "application/json" } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** The banner (inside its Shadow DOM; Playwright's locators pierce open shadow roots). */
const banner = (page: Page, title: string) => page.getByRole("status").filter({ hasText: title });

/**
 * Opens `url` until the banner titled `title` shows. Retried: the script gives /api/status 3 s and then shows
 * nothing (by design), which a dev server compiling on a loaded machine can exceed; the snapshot may also lag.
 */
async function openWithBanner(page: Page, url: string, title: string) {
  await expect(async () => {
    await page.goto(url);
    await expect(banner(page, title)).toBeVisible({ timeout: 4_000 });
  }).toPass({ timeout: 45_000 });
}

test.describe.serial("embedded banner", () => {
  let noticeId = 0;

  test("shows during an active notice, in the page's language, without touching the host page", async ({ page }) => {
    const errors = watchErrors(page);
    const api = await opsApi();
    // Critical: the banner shows the most severe active notice, so this one wins over any seeded one.
    ({ id: noticeId } = await trpc<{ id: number }>(api, "status.publish", {
      kind: "incident",
      severity: "critical",
      status: "investigating",
      title: TITLE,
      body: BODY,
      components: [{ key: "card", state: "partial_outage" }],
    }));
    await api.dispose();

    await openWithBanner(page, `${hostOrigin}/?locale=en`, TITLE.en);
    const shown = banner(page, TITLE.en);
    await expect(shown).toContainText(BODY.en);
    await expect(shown).toHaveAttribute("aria-live", "polite");
    await expect(shown.getByRole("link", { name: "Details" })).toHaveAttribute("href", new RegExp(`/status#notice-${noticeId}$`));
    // The host's own content and script are untouched, and its CSS does not reach inside (div padding 40px).
    await expect(page.locator("#out")).toHaveText("host script ran");
    await page.getByRole("button", { name: "Buy now" }).click();
    await expect(page.locator("#out")).toHaveText("bought");
    expect(await shown.evaluate((el) => getComputedStyle(el).paddingTop)).toBe("10px");
    await page.screenshot({ path: path.join(SCREENSHOTS, "banner-en.png") });

    await openWithBanner(page, `${hostOrigin}/?locale=zh-CN`, TITLE["zh-CN"]);
    await expect(banner(page, TITLE["zh-CN"]).getByRole("link", { name: "查看详情" })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "banner-zh.png") });

    // The demo's sample shop embeds it the same way, under a CSP that allows its own origin's scripts only.
    await openWithBanner(page, `${PAYOPS}/demo/shop`, TITLE["zh-CN"]);
    await expect(page.getByRole("button", { name: "立即支付" })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "banner-demo-shop.png") });
    expect(errors).toEqual([]);
  });

  test("a dismissal is remembered for that notice version", async ({ page }) => {
    await openWithBanner(page, `${hostOrigin}/?locale=en`, TITLE.en);
    await page.getByRole("button", { name: "Dismiss status notice" }).click();
    await expect(banner(page, TITLE.en)).toHaveCount(0);
    await page.reload();
    await expect(page.locator("#out")).toHaveText("host script ran");
    // Give the script its chance to render (it answers from a cached /api/status within milliseconds).
    await expect.poll(() => page.evaluate(() => localStorage.getItem("payops-status-banner-dismissed"))).toMatch(new RegExp(`^${noticeId}@`));
    await page.waitForLoadState("networkidle");
    await expect(banner(page, TITLE.en)).toHaveCount(0);
  });

  test("hides after the notice is resolved", async ({ page }) => {
    const api = await opsApi();
    await trpc(api, "status.postUpdate", { id: noticeId, status: "resolved", body: { "zh-CN": "已恢复正常。", en: "Recovered." } });
    await api.dispose();
    // A fresh context (nothing dismissed): the banner for this notice is gone once the snapshot has it.
    await expect(async () => {
      await page.goto(`${hostOrigin}/?locale=en`);
      await page.waitForLoadState("networkidle");
      await expect(banner(page, TITLE.en)).toHaveCount(0, { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.locator("#out")).toHaveText("host script ran");
  });

  for (const mode of ["closed", "garbage"] as const) {
    test(`the host page is unaffected when PayOps is ${mode === "closed" ? "down" : "answering garbage"}`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto(`${hostOrigin}/?payops=${mode}`);
      await expect(page.getByRole("heading", { name: "Merchant shop" })).toBeVisible();
      await expect(page.locator("#out")).toHaveText("host script ran");
      await page.getByRole("button", { name: "Buy now" }).click();
      await expect(page.locator("#out")).toHaveText("bought");
      await page.waitForLoadState("networkidle");
      await expect(page.getByRole("status")).toHaveCount(0);
      await expect(page.locator("payops-status-banner")).toHaveCount(0);
      expect(errors).toEqual([]);
    });
  }
});
