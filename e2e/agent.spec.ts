import path from "node:path";
import { expect, test } from "@playwright/test";
import { freshIp, SCREENSHOTS, SIGN_OUT_USER, storageFor } from "./fixtures/roles";

test.use({ storageState: storageFor("agent") });

test("an agent finds an order and reads its callback timeline", async ({ page }) => {
  await page.goto("/");
  // Agents land on their desk (issue 10); orders are one click away.
  await expect(page).toHaveURL(/\/desk$/);
  await page.goto("/orders");
  const table = page.getByRole("table", { name: "订单查询" });
  await expect(table).toBeVisible();
  // Agents only see the pages they may use.
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "订单" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "任务队列" })).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, "orders.png") });

  // Pick a fulfilled order (it has a provider notification), then find it by number like an agent would.
  await page.getByRole("combobox", { name: "状态" }).selectOption("FULFILLED");
  const firstLink = table.getByRole("link").first();
  await expect(firstLink).toHaveText(/^(DEMO-|SIM)/);
  const orderNo = (await firstLink.textContent())!.trim();
  await page.getByRole("combobox", { name: "状态" }).selectOption("");
  await page.getByRole("searchbox", { name: "订单号 / 渠道交易号 / 手机号" }).fill(orderNo);
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(table.getByRole("row")).toHaveCount(2); // header + the one match
  // Phone numbers are masked for agents, by the server.
  await expect(table.getByRole("row").nth(1)).toContainText(/\d{3}\*{4}\d{4}/);
  await table.getByRole("link", { name: orderNo }).click();

  await expect(page.getByRole("heading", { name: orderNo })).toBeVisible();
  await expect(page.getByText("已发货").first()).toBeVisible();
  const timeline = page.getByRole("list", { name: "timeline" });
  await expect(timeline.getByText(/渠道通知/).first()).toBeVisible();
  await timeline.getByRole("button", { name: "查看原始报文" }).first().click();
  await expect(timeline.getByText("报文体").first()).toBeVisible();
  await expect(timeline.getByText(orderNo).first()).toBeVisible(); // the raw body names the order
  await page.screenshot({ path: path.join(SCREENSHOTS, "order-timeline.png"), fullPage: true });
});

test("an agent cannot open the jobs page", async ({ page }) => {
  const response = await page.goto("/jobs");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible();
});

test.describe("a session of its own", () => {
  // A fresh context and a user no other spec signs in with: signing out revokes every session of the user
  // (server-side), so this test must not end the stored agent session the tests above (or any rerun) use.
  test.use({ storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { "x-forwarded-for": freshIp() } });

  test("the language choice survives a reload, and signing out ends the session", async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("textbox", { name: "邮箱" }).fill(SIGN_OUT_USER.email);
    await page.getByLabel("密码").fill(SIGN_OUT_USER.password);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/desk$/);
    await page.goto("/orders");
    await expect(page.getByRole("heading", { name: "订单查询" })).toBeVisible();
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { name: "Orders" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Orders" })).toBeVisible();
    await expect(page.getByText("Time zone: Asia/Shanghai")).toBeVisible();

    await page.getByRole("button", { name: SIGN_OUT_USER.email }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto("/orders");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Forders/);
  });
});
