import path from "node:path";
import { expect, test, type Page, type Route } from "@playwright/test";
import { SCREENSHOTS, storageFor } from "./fixtures/roles";
import { msg } from "./fixtures/messages";

// The list ladder's states as users meet them, in both languages: nothing found, a failed load with its
// retry, and a reload in progress. The shared table component (components/data-table) draws them for every
// list; the orders list stands for all. Screenshots go to docs/screenshots for the README.
test.use({ storageState: storageFor("admin") });


const ORDER_SEARCH = /\/api\/trpc\/[^?]*order\.search/;

async function openOrders(page: Page, locale: string) {
  await page.context().addCookies([{ name: "payops_locale", value: locale, url: test.info().project.use.baseURL! }]);
  await page.goto("/orders");
  await expect(page.getByRole("heading", { name: msg(locale, "orders", "title"), exact: true })).toBeVisible();
  // Any order: other specs add their own (security.spec's FLOOD-…), and the newest comes first.
  await expect(page.getByRole("table").getByRole("link").first()).toHaveText(/^[A-Z][A-Z0-9-]+$/);
  // Filters are React state: a change before hydration is lost (components/providers/trpc.tsx sets this).
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
}

async function search(page: Page, locale: string, text: string) {
  await page.getByRole("searchbox", { name: msg(locale, "orders", "searchPlaceholder") }).fill(text);
  await page.getByRole("button", { name: msg(locale, "orders", "search"), exact: true }).click();
}

for (const locale of ["zh-CN", "en"]) {
  test.describe(locale, () => {
    test("nothing found: the empty state says so and how to search", async ({ page }) => {
      await openOrders(page, locale);
      await search(page, locale, "NO-SUCH-ORDER-0000");
      await expect(page.getByText(msg(locale, "orders", "empty"))).toBeVisible();
      await expect(page.getByText(msg(locale, "orders", "emptyHint"))).toBeVisible();
      await expect(page.getByRole("table")).toHaveCount(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, `state-empty-${locale}.png`) });
    });

    test("a failed load shows the error with a retry that recovers", async ({ page }) => {
      await openOrders(page, locale);
      let fail = true;
      await page.route(ORDER_SEARCH, (route: Route) => (fail ? route.abort("connectionrefused") : route.continue()));
      // A filter change loads in the browser (a search goes through the URL and the server's prefetch).
      await page.getByRole("combobox", { name: msg(locale, "orders", "filter.provider") }).selectOption("stripe");
      const alert = page.getByRole("alert").filter({ hasText: msg(locale, "common", "error") });
      await expect(alert).toBeVisible({ timeout: 30_000 });
      // A sentence in the reader's language, not the browser's "Failed to fetch".
      await expect(alert).toContainText(msg(locale, "common", "errorKind.network"));
      await page.screenshot({ path: path.join(SCREENSHOTS, `state-error-${locale}.png`) });
      fail = false;
      await alert.getByRole("button", { name: msg(locale, "common", "retry") }).click();
      await expect(alert).toHaveCount(0);
    });

    test("a reload in progress keeps the rows, dimmed and marked busy", async ({ page }) => {
      await openOrders(page, locale);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route(ORDER_SEARCH, async (route: Route) => {
        await held;
        await route.continue();
      });
      await page.getByRole("combobox", { name: msg(locale, "orders", "filter.provider") }).selectOption("sandbox");
      const table = page.getByRole("table");
      await expect(table).toHaveAttribute("aria-busy", "true");
      await expect(table.getByRole("link").first()).toHaveText(/^[A-Z][A-Z0-9-]+$/);
      await page.screenshot({ path: path.join(SCREENSHOTS, `state-loading-${locale}.png`) });
      release();
      await expect(table).not.toHaveAttribute("aria-busy", "true");
    });
  });
}
