import path from "node:path";
import { expect, test, type Page, type Route } from "@playwright/test";
import { SCREENSHOTS, signedIn } from "./fixtures/roles";
import { msg } from "./fixtures/messages";

// Issue 12: "every chart has loading, empty and error states, readable in zh-CN and English". The manager's
// pages (/kpi, /reviews, /reports) photographed in each state for docs/screenshots. Read-only.
//
// The console pages arrive with their data (server/api/prefetch.ts), so the states are met where the browser
// fetches: the KPI dashboard on a range with no data, the reports page's suggestions (the browser's own fetch)
// loading and failing, and the reviews list failing on a tab change. Requests are held or failed at /api/trpc.
// (The KPI charts' loading and error states need a failed server prefetch: not photographed here yet.)


const slow = { timeout: 45_000 };
const TRPC = "**/api/trpc/**";

/** Every chart card shows its chart (Recharts draws after measuring its box) or its empty state. */
async function chartsDrawn(page: Page, locale: string) {
  const cards = page.locator('[data-testid^="kpi-chart-"]');
  await expect(cards.first()).toBeVisible(slow);
  for (const card of await cards.all()) await expect(card.locator("svg.recharts-surface").or(card.getByText(msg(locale, "kpi", "empty"))).first()).toBeVisible(slow);
}

/** Holds the matching tRPC requests until released (a slow network or a busy server). */
async function holdTrpc(page: Page, url: string | RegExp = TRPC): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(url, async (route: Route) => {
    await held;
    await route.continue().catch(() => undefined);
  });
  return release;
}

/** The matching tRPC requests answer 500 as the server does for an unexpected failure (no raw error reaches the page). */
async function failTrpc(page: Page, url: string | RegExp = TRPC) {
  await page.route(url, (route: Route) => {
    // A batch (`/api/trpc/a,b?batch=1`) answers one entry per procedure.
    const procedures = (new URL(route.request().url()).pathname.split("/api/trpc/")[1] ?? "").split(",").length;
    const entry = { error: { json: { message: "Internal server error", code: -32603, data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 } } } };
    return route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify(Array.from({ length: procedures }, () => entry)) });
  });
}

const SUGGESTIONS = /\/api\/trpc\/[^?]*report\.suggestions/;
const shot = (name: string, locale: string) => path.join(SCREENSHOTS, `${name}-${locale}.png`);

for (const locale of ["zh-CN", "en"] as const) {
  test(`${locale}: the KPI dashboard empty; reports loading and failed; reviews failed`, async ({ browser }) => {
    test.setTimeout(480_000);
    const { context, page } = await signedIn(browser, "manager");
    await context.addCookies([{ name: "payops_locale", value: locale, url: test.info().project.use.baseURL! }]);
    await page.setViewportSize({ width: 1440, height: 900 });
    const loading = page.getByTestId("kpi-page").getByRole("status", { name: msg(locale, "common", "loading") });
    const failed = page.getByRole("alert").filter({ hasText: msg(locale, "common", "error") });

    // Empty: a week long before the demo's history.
    await page.goto("/kpi?range=custom&from=2025-01-06&to=2025-01-12");
    await expect(page.getByRole("heading", { level: 1, name: msg(locale, "kpi", "title") })).toBeVisible(slow);
    await expect(page.getByText(msg(locale, "kpi", "empty")).first()).toBeVisible(slow);
    await expect(loading).toHaveCount(0, slow);
    await chartsDrawn(page, locale);
    await page.screenshot({ path: shot("kpi-empty", locale), fullPage: true });

    // Reports: the suggestions are the browser's own fetch.
    const release = await holdTrpc(page, SUGGESTIONS);
    await page.goto("/reports");
    await expect(page.getByRole("heading", { level: 1, name: msg(locale, "reports", "title") })).toBeVisible(slow);
    await expect(page.getByRole("status", { name: msg(locale, "common", "loading") }).first()).toBeVisible(slow);
    await page.screenshot({ path: shot("reports-loading", locale), fullPage: true });
    release();
    await page.unrouteAll({ behavior: "ignoreErrors" });
    await failTrpc(page, SUGGESTIONS);
    await page.reload();
    await expect(failed.first()).toBeVisible(slow);
    await expect(failed.first()).toContainText(msg(locale, "common", "errorKind.server"));
    await page.screenshot({ path: shot("reports-error", locale), fullPage: true });
    await page.unrouteAll({ behavior: "ignoreErrors" });

    // Reviews: another tab loads in the browser.
    await page.goto("/reviews");
    await expect(page.getByRole("heading", { level: 1, name: msg(locale, "reviews", "list.title") })).toBeVisible(slow);
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1, slow);
    await failTrpc(page);
    await page.getByRole("tab", { name: msg(locale, "reviews", "list.tab.draft") }).click();
    await expect(failed.first()).toBeVisible(slow);
    await page.screenshot({ path: shot("reviews-error", locale), fullPage: true });
    await context.close();
  });
}
