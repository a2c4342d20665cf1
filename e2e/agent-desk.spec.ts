import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SCREENSHOTS, storageFor } from "./fixtures/roles";

// An agent's day during the seeded callback outage (issue 10): the desk briefs them, they find the caller,
// run the status query on the "paid but not updated" order reserved for this spec (DESK-E2E-0001: paid at the
// sandbox provider, whose query API scripts/e2e-server.ts serves; CREATED here), open a ticket for it, answer
// with a reply script and resolve it on first contact.
test.use({ storageState: storageFor("agent") });

const ORDER = "DESK-E2E-0001";
const PHONE = "13766660001";

async function english(page: Page) {
  await page.context().addCookies([{ name: "payops_locale", value: "en", url: test.info().project.use.baseURL! }]);
}

test("an agent handles a 'paid but not updated' order from the desk", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  await expect(page).toHaveURL(/\/desk$/);
  const brief = page.getByRole("region", { name: "事件通报" });
  await expect(brief.getByRole("heading", { name: "发生了什么" })).toBeVisible();
  await expect(brief.getByText(/沙箱支付渠道/).first()).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "desk-brief.png"), fullPage: true });
  await brief.getByRole("button", { name: "我已阅读" }).click();
  await expect(brief.getByText(/已于 .* 确认阅读/)).toBeVisible();
  await expect(brief.getByRole("button", { name: "我已阅读" })).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, "desk.png"), fullPage: true });

  // "/" jumps to the customer search; the caller gives their phone number.
  await page.locator("body").press("/");
  const search = page.getByRole("searchbox", { name: "查找客户" });
  await expect(search).toBeFocused();
  await search.fill(PHONE);
  await search.press("Enter");
  await expect(page).toHaveURL(/\/customers\?q=13766660001$/);
  // The agent sees the number masked; the order's state in the user's words.
  await expect(page.getByText("137****0001").first()).toBeVisible();
  const order = page.getByRole("listitem", { name: ORDER });
  await expect(order.getByText("待支付")).toBeVisible();
  await expect(order.getByText("未收到付款")).toBeVisible();

  // The status query asks the provider: it was paid; the order is fixed on the spot.
  await order.getByRole("button", { name: "立即查询" }).click();
  await expect(order.getByText("已支付", { exact: true })).toBeVisible();
  await expect(order.getByText("已付款，订单处理中")).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "customers.png"), fullPage: true });

  // A ticket for the call, with the order attached.
  await order.getByRole("button", { name: "新建工单" }).click();
  const dialog = page.getByRole("dialog", { name: "新建工单" });
  await dialog.getByRole("textbox", { name: "描述用户的问题" }).fill("用户来电：付款成功但订单显示未支付。已立即查询，订单已更新为已支付。");
  await dialog.getByRole("button", { name: "创建工单" }).click();
  await expect(page.getByText(/工单 T-\d{4}-\d+ 已创建/).first()).toBeVisible();
  await order.getByRole("button", { name: "支付与回调" }).click();
  const ticketLink = order.locator("xpath=following-sibling::li[1]").getByRole("link", { name: /^T-\d{4}-\d+$/ });
  await expect(ticketLink).toBeVisible();
  await ticketLink.click();

  // Reply with a reply script (variables filled from the order), then resolve: first-contact resolution.
  await expect(page.getByRole("heading", { name: /T-\d{4}-\d+/ })).toBeVisible();
  const reply = page.getByRole("textbox", { name: "写给用户的回复（用户可见）" });
  const insert = page.getByRole("button", { name: "插入" }).first();
  if (await insert.isVisible().catch(() => false)) {
        await insert.click();
    await expect(reply).toHaveValue(new RegExp(ORDER));
  } else {
    await reply.fill(`您好，您的订单${ORDER}已支付成功，系统已完成更新，我们会尽快为您处理。给您带来不便非常抱歉。`);
  }
  await page.getByRole("button", { name: "发送", exact: true }).click();
  await expect(page.getByText(new RegExp(`订单${ORDER}`)).first()).toBeVisible();
  await page.getByRole("combobox", { name: "状态", exact: true }).selectOption("solved");
  await expect(page.getByText("已解决").first()).toBeVisible();
});

test("the desk and the customer page in English", async ({ page }) => {
  await english(page);
  await page.goto("/desk");
  await expect(page.getByRole("heading", { name: "Desk", exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Incident brief" })).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "desk-en.png"), fullPage: true });
  await page.goto(`/customers?q=${ORDER}`);
  await expect(page.getByRole("listitem", { name: ORDER })).toBeVisible();
  await expect(page.getByText("The order searched for")).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "customers-en.png"), fullPage: true });
});
