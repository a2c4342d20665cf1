import { readFile } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { SCREENSHOTS, signedIn } from "./fixtures/roles";

// The manager's KPI dashboard (issue 12) over the demo's 30 days of history (server/kpi/seed-demo-kpi-history.ts).
// Read-only: nothing here changes state another spec reads.

// The dashboard renders four sections of charts: on a busy machine in dev mode a page takes a while.
const slow = { timeout: 45_000 };

async function ready(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible(slow);
  // Every section's figures have arrived (a figure shows "—" only when there is nothing to measure).
  await expect(page.getByTestId("kpi-figure-attempts")).not.toHaveText("");
  // No section still loading (the status banner above the console is a role=status of its own).
  await expect(page.getByTestId("kpi-page").getByRole("status")).toHaveCount(0, slow);
}

test("a manager reads the dashboard, changes the range and provider, exports CSV and an image, and drills down to a list", async ({ browser }) => {
  test.setTimeout(180_000);
  const { context, page } = await signedIn(browser, "manager");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/kpi");
  await expect(page.getByRole("heading", { level: 1, name: "经营看板" })).toBeVisible(slow);
  await ready(page);
  for (const section of ["支付", "客服", "对账", "故障与通知"]) await expect(page.getByRole("heading", { level: 2, name: section })).toBeVisible();
  await expect(page.getByTestId("kpi-figure-successRate")).toHaveText(/%$/);

  // The range is in the URL: 30 days, then one provider, then hourly buckets over today.
  await page.getByRole("button", { name: "近 30 天" }).click();
  // The URL changes once the server has rendered the new range (slow on a busy CI machine).
  await expect(page).toHaveURL(/\/kpi\?range=30d$/, slow);
  await expect(page.getByRole("button", { name: "近 30 天" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "按小时" })).toBeDisabled();
  await ready(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "kpi-dashboard.png"), fullPage: true });

  await page.getByLabel("支付渠道").selectOption("alipay");
  await expect(page).toHaveURL(/range=30d&provider=alipay/, slow);
  await ready(page);

  // CSV of one chart: the numbers drawn, times as business days, money in yuan with its currency.
  const volume = page.getByTestId("kpi-chart-amount");
  const [csv] = await Promise.all([page.waitForEvent("download"), volume.getByRole("button", { name: /^导出 CSV\s*（成功金额与季节性基线）$/ }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^kpi-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-alipay-amount\.csv$/);
  const text = (await readFile((await csv.path())!, "utf8")).replace(/^\uFEFF/, "");
  const [header, first] = text.split("\r\n");
  expect(header).toBe("时间,成功金额,基线金额,币种");
  expect(first).toMatch(/^\d{4}-\d{2}-\d{2},-?\d+\.\d{2},(-?\d+\.\d{2})?,CNY$/);

  // The page as an image.
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出整页图片" }).click()]);
  expect(png.suggestedFilename()).toBe(csv.suggestedFilename().replace("-amount.csv", ".png"));
  expect((await readFile((await png.path())!)).subarray(1, 4).toString()).toBe("PNG");

  // Drill-down: a bar of the discrepancy chart opens the workbench filtered to that type, risk and range.
  await page.getByLabel("支付渠道").selectOption("");
  await expect(page).toHaveURL(/\/kpi\?range=30d$/, slow);
  await ready(page);
  const bars = page.getByTestId("kpi-chart-byTypeRisk").locator(".recharts-bar-rectangle path");
  await expect(bars.first()).toBeVisible();
  await bars.first().click();
  await expect(page).toHaveURL(/\/discrepancies\?status=all&type=[a-z_]+&risk=(high|medium|low)&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/, slow);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  // And from a time chart: today's bucket (the last day) of the volume chart opens the orders list narrowed to
  // that business day, [00:00, next 00:00) in Shanghai, with its chip; every order listed was created that day.
  await page.goBack();
  await ready(page);
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
  const dayStart = new Date(`${today}T00:00:00+08:00`);
  // Mouse coordinates are the viewport's: bring the chart into view first (going back restores the scroll
  // position of the discrepancy chart further down).
  await page.getByTestId("kpi-chart-volume").scrollIntoViewIfNeeded();
  const grid = (await page.getByTestId("kpi-chart-volume").locator(".recharts-cartesian-grid").boundingBox())!;
  // Hover first, as a person does: the chart picks the bucket under the pointer on mouse move, and the click
  // opens the bucket picked.
  await page.mouse.move(grid.x + grid.width - 4, grid.y + grid.height / 2);
  await expect(page.getByTestId("kpi-chart-volume").locator(".recharts-tooltip-wrapper")).toContainText(today);
  await page.mouse.down();
  await page.mouse.up();
  const dayQuery = `from=${encodeURIComponent(dayStart.toISOString())}&to=${encodeURIComponent(new Date(dayStart.getTime() + 86_400_000).toISOString())}`;
  await expect(page).toHaveURL(new RegExp(`/orders\\?${dayQuery.replace(/[.]/g, "\\.")}$`), slow);
  await expect(page.getByTestId("range-chip")).toHaveText(new RegExp(`^创建于 ${today} 00:00`));
  const orders = page.getByRole("table", { name: "订单查询", exact: true });
  await expect(orders.getByRole("row").nth(1)).toBeVisible(slow);
  const created = await orders.evaluate((el) => {
    const index = [...el.querySelectorAll("thead th")].findIndex((th) => th.textContent?.startsWith("创建时间"));
    return [...el.querySelectorAll("tbody tr")].map((tr) => tr.querySelectorAll("td")[index]?.textContent?.trim() ?? "");
  });
  expect(created.length).toBeGreaterThan(0);
  for (const c of created) expect(c.startsWith(today), `${c} is on ${today}`).toBe(true);

  // On the per-provider success lines, a click on one provider's point adds that provider as well.
  await page.goBack();
  await ready(page);
  const success = page.getByTestId("kpi-chart-successByProvider");
  await success.scrollIntoViewIfNeeded();
  const lines = (await success.locator(".recharts-cartesian-grid").boundingBox())!;
  await page.mouse.move(lines.x + lines.width / 2, lines.y + lines.height / 2);
  // Every line's highlighted point at that bucket; the last one drawn is on top of any it overlaps.
  const point = success.locator("[data-series]").last();
  await expect(point).toBeVisible();
  const provider = (await point.getAttribute("data-series"))!;
  await point.click();
  await expect(page).toHaveURL(new RegExp(`/orders\\?provider=${provider}&from=[^&]+&to=[^&]+$`), slow);
  await expect(page.getByTestId("range-chip")).toBeVisible();
  await expect(page.getByLabel("支付渠道")).toHaveValue(provider);
  await context.close();
});

test("the dashboard reads in English, today by hour, and has no serious accessibility violations", async ({ browser }) => {
  test.setTimeout(180_000);
  const { context, page } = await signedIn(browser, "manager");
  await context.addCookies([{ name: "payops_locale", value: "en", url: test.info().project.use.baseURL! }]);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto("/kpi?range=today");
  await expect(page.getByRole("heading", { level: 1, name: "KPI dashboard" })).toBeVisible(slow);
  await ready(page);
  await expect(page.getByRole("button", { name: "By hour" })).toHaveAttribute("aria-pressed", "true");
  await page.goto("/kpi");
  await ready(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "kpi-dashboard-en.png"), fullPage: true });

  await page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition)), undefined, { timeout: 10_000 }).catch(() => {});
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await context.close();
});
