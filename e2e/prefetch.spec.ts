import { expect, test, type Page } from "@playwright/test";
import { storageFor } from "./fixtures/roles";

// Issue 7: every console page arrives with its data (server/api/prefetch.ts). The browser's tRPC endpoint
// is blocked here, so whatever the page shows came with the HTML; a page that only fetches after hydration
// is stuck in its loading or error state and fails.
test.use({ storageState: storageFor("admin") });

async function blockTrpc(page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await page.route("**/api/trpc/**", (route) => {
    blocked.push(route.request().url());
    return route.abort();
  });
  return blocked;
}

/** A detail page's id, read with the admin's session before blocking. */
async function firstId(page: Page, path: string, input: unknown, pick: (data: never) => string | number | undefined): Promise<string> {
  const res = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.status()).toBe(200);
  const id = pick((await res.json()).result.data.json as never);
  expect(id, `${path} returned no rows to open`).toBeDefined();
  return String(id);
}

test.describe("console pages arrive with their data (tRPC blocked in the browser)", () => {
  for (const { path, name } of [
    { path: "/orders", name: "orders" },
    { path: "/jobs", name: "jobs" },
    { path: "/callbacks", name: "callbacks" },
    { path: "/discrepancies", name: "discrepancies" },
    { path: "/audit", name: "audit" },
  ]) {
    test(`${name} list shows its first rows`, async ({ page }) => {
      await blockTrpc(page);
      await page.goto(path);
      await expect(page.getByRole("table").first().getByRole("row").nth(1)).toBeVisible();
    });
  }

  test("order detail shows the order", async ({ page }) => {
    const orderNo = await firstId(page, "order.search", {}, (d: { items: { orderNo: string }[] }) => d.items[0]?.orderNo);
    await blockTrpc(page);
    await page.goto(`/orders/${encodeURIComponent(orderNo)}`);
    await expect(page.getByRole("heading", { name: orderNo })).toBeVisible();
  });

  test("job detail shows the job", async ({ page }) => {
    const id = await firstId(page, "job.list", {}, (d: { items: { id: number }[] }) => d.items[0]?.id);
    await blockTrpc(page);
    await page.goto(`/jobs/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(id);
    await expect(page.getByRole("heading", { name: "任务参数" })).toBeVisible();
  });

  test("ops health shows the database card and polls through tRPC, not /api/health", async ({ page }) => {
    const health: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/health") health.push(r.url());
    });
    const blocked = await blockTrpc(page);
    await page.goto("/ops");
    await expect(page.getByRole("heading", { name: "系统状态" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "数据库", exact: true })).toBeVisible();
    await expect(page.getByText("OK", { exact: true }).first()).toBeVisible();
    // the first poll (15 s) goes to ops.health; nothing calls the probe endpoint any more
    await expect.poll(() => blocked.some((u) => u.includes("ops.health")), { timeout: 30_000 }).toBe(true);
    expect(health).toEqual([]);
  });
});
