import path from "node:path";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { SCREENSHOTS, storageFor } from "./fixtures/roles";

// Issue 9, personal notices: the demo seed sends notices to the users its stuck, doubly charged and unfinishable
// orders belong to, and leaves the live callback outage's incident with users still waiting for their payment.
// Ops edits a template against its live preview, sends a test, and notifies the incident's users after seeing
// the count and the message; an agent reads everything and changes nothing.

async function useLocale(context: BrowserContext, locale: "zh-CN" | "en") {
  await context.addCookies([{ name: "payops_locale", value: locale, url: test.info().project.use.baseURL! }]);
}

/** The newest incident (the seed's live outage) with affected users. */
async function openLiveIncident(page: Page) {
  await page.goto("/incidents?status=all");
  await page.getByRole("table", { name: "全部" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/incidents\/\d+$/);
  return Number(/\/incidents\/(\d+)$/.exec(page.url())?.[1]);
}

test.describe.serial("ops", () => {
  test.use({ storageState: storageFor("ops") });

  test("the delivery log, a template edited against its live preview, and a test send", async ({ page }) => {
    await page.goto("/user-notices");
    await expect(page.getByRole("heading", { level: 1, name: "用户通知" })).toBeVisible();
    const log = page.getByRole("table", { name: "发送记录" });
    await expect(log.getByRole("row").nth(1)).toBeVisible();
    await expect(log.getByText("已发送").first()).toBeVisible();
    // Targets are masked in the log.
    await expect(log.getByText(/\d{3}\*{4}\d{4}/).first()).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "user-notices-log.png") });

    await page.getByRole("tab", { name: "模板" }).click();
    const preview = page.getByTestId("notice-preview");
    await expect(preview).toContainText("ORD20261126000123");
    await expect(preview).toContainText("无需重复支付");
    await expect(preview).toContainText("回T退订");
    const body = page.getByRole("textbox", { name: "模板内容" });
    await body.fill("{name}您好，订单 {orderNo}（{amount}）已支付成功，请稍候，预计 {expected} 内处理完毕。{nextStep}");
    await expect(preview).toContainText("请稍候");
    await expect(preview).toContainText("¥12.30");
    await expect(preview).not.toContainText("{amount}");
    await body.fill("订单 {orderNo} {oops}");
    await expect(page.getByRole("alert").filter({ hasText: "未知变量：{oops}" })).toBeVisible();
    await expect(page.getByRole("button", { name: "保存模板" })).toBeDisabled();
    await body.fill("{name}您好，订单 {orderNo}（{amount}）已支付成功，请稍候，预计 {expected} 内处理完毕。{nextStep}");
    await page.screenshot({ path: path.join(SCREENSHOTS, "user-notices-templates.png") });
    await page.getByRole("button", { name: "保存模板" }).click();
    await expect(page.getByRole("region", { name: /通知/ }).getByText("模板已保存")).toBeVisible();
    await expect(page.getByText(/ops@payops\.local 修改于/)).toBeVisible();

    // A test send to a phone: logged (SMS is not configured on the e2e server, so it is logged as failed).
    await page.getByRole("textbox", { name: /测试接收方/ }).fill("13800009999");
    await page.getByRole("button", { name: "测试发送" }).click();
    await expect(page.getByRole("region", { name: /通知/ }).getByText(/测试发送结果：/)).toBeVisible();
    await page.getByRole("tab", { name: "发送记录" }).click();
    const testRow = page.getByRole("table", { name: "发送记录" }).getByRole("row").filter({ hasText: "测试发送" }).first();
    await expect(testRow).toContainText("138****9999");
    await expect(testRow).toContainText("请稍候");

    // Back to the default wording.
    await page.getByRole("tab", { name: "模板" }).click();
    await page.getByRole("button", { name: "恢复默认" }).click();
    await expect(page.getByTestId("notice-preview")).toContainText("无需重复支付");
  });

  test("notify the live incident's affected users: the count and the message first, then the log and the timeline", async ({ page }) => {
    await openLiveIncident(page);
    await page.getByRole("button", { name: "通知受影响用户" }).click();
    const dialog = page.getByRole("dialog", { name: "通知本事件的受影响用户" });
    const count = dialog.getByTestId("bulk-count");
    await expect(count).toHaveText(/将通知 \d+ 位用户/);
    const n = Number(/(\d+)/.exec((await count.textContent()) ?? "")?.[1]);
    expect(n).toBeGreaterThan(0);
    await expect(dialog.getByText(/支付可能延迟（\d+ 位）/)).toBeVisible();
    await expect(dialog.getByText(/如已付款请勿重复支付/).first()).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "user-notices-bulk.png") });
    await dialog.getByRole("button", { name: "发送通知" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(new RegExp(`本事件已通知：已发送 \\d+ / 共 ${n}`))).toBeVisible();
    await expect(page.getByRole("list", { name: "时间线" }).getByText(/ops@payops\.local 通知了 \d+ 位受影响用户/).first()).toBeVisible();
    // Asked again: nobody is told twice.
    await page.getByRole("button", { name: "通知受影响用户" }).click();
    await expect(dialog.getByTestId("bulk-count")).toHaveText("没有需要通知的用户");
    await expect(dialog.getByText(new RegExp(`另有 ${n} 位已通知过`))).toBeVisible();
    await dialog.getByRole("button", { name: "取消" }).click();

    await page.goto("/user-notices");
    await page.getByRole("combobox", { name: "情形" }).selectOption("payment_delayed");
    await expect(page.getByRole("table", { name: "发送记录" }).getByText("支付可能延迟").first()).toBeVisible();
  });

  test("in English: the log, the templates and the bulk dialog", async ({ page, context }) => {
    await useLocale(context, "en");
    await page.goto("/user-notices");
    await expect(page.getByRole("heading", { level: 1, name: "User notices" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Delivery log" }).getByRole("row").nth(1)).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "user-notices-log-en.png") });
    await page.getByRole("tab", { name: "Templates" }).click();
    await page.getByRole("combobox", { name: "Language" }).selectOption("en");
    await expect(page.getByTestId("notice-preview")).toContainText("there is no need to pay again");
    await expect(page.getByTestId("notice-preview")).toContainText("Reply T to opt out");
    await page.screenshot({ path: path.join(SCREENSHOTS, "user-notices-templates-en.png") });
    await page.getByRole("tab", { name: "Settings" }).click();
    await expect(page.getByText("Quiet hours start")).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "user-notices-settings-en.png") });
    await useLocale(context, "zh-CN");
  });
});

test.describe("agent", () => {
  test.use({ storageState: storageFor("agent") });

  test("reads the log and the templates, changes nothing, and the procedures refuse", async ({ page }) => {
    await page.goto("/user-notices");
    await expect(page.getByRole("heading", { level: 1, name: "用户通知" })).toBeVisible();
    await expect(page.getByRole("table", { name: "发送记录" }).getByRole("row").nth(1)).toBeVisible();
    await page.getByRole("tab", { name: "模板" }).click();
    await expect(page.getByText("只有运维和管理员可以修改模板。")).toBeVisible();
    await expect(page.getByRole("button", { name: "保存模板" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "测试发送" })).toHaveCount(0);
    await page.getByRole("tab", { name: "设置" }).click();
    await expect(page.getByText("只有运维和管理员可以修改设置。")).toBeVisible();
    await page.getByRole("tab", { name: "退订" }).click();
    await expect(page.getByRole("button", { name: "加入退订" })).toHaveCount(0);

    const res = await page.request.post("/api/trpc/userNotice.templateSave", {
      data: { json: { templateKey: "follow_up", channel: "sms", locale: "zh-CN", body: "hacked {orderNo}" } },
      headers: { "content-type": "application/json" },
    });
    expect(res.status()).toBe(403);
    const incidentId = await openLiveIncident(page);
    await expect(page.getByRole("button", { name: "通知受影响用户" })).toHaveCount(0);
    const bulk = await page.request.post("/api/trpc/userNotice.incidentNotify", { data: { json: { incidentId } }, headers: { "content-type": "application/json" } });
    expect(bulk.status()).toBe(403);
  });
});
