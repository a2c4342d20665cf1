import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SCREENSHOTS, storageFor } from "./fixtures/roles";

// Refund authority (issue 10), on the paid sandbox orders reserved for this spec (server/refunds/seed-demo-refunds.ts):
// an agent's ¥88 refund is above their ¥50 limit, so it waits for approval (no money moves) until a senior agent
// approves it; then it runs against the sandbox refund API that scripts/e2e-server.ts serves, and the order
// becomes REFUNDED. An agent's ¥30 refund is within the limit and goes through at once.
test.use({ storageState: storageFor("agent") });

const OVER = "REFUND-E2E-0001";
const WITHIN = "REFUND-E2E-0002";

async function english(page: Page) {
  await page.context().addCookies([{ name: "payops_locale", value: "en", url: test.info().project.use.baseURL! }]);
}

test("an agent's over-limit refund goes to approval and a senior agent approves it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto(`/orders/${OVER}`);
  const card = page.getByRole("region", { name: "退款与补偿" }).or(page.locator("section", { hasText: "可退余额" })).first();
  await page.getByRole("button", { name: "退款 / 其他方案" }).click();
  const dialog = page.getByRole("dialog", { name: `为订单 ${OVER} 退款或补偿` });
  await expect(dialog.getByLabel("金额（CNY）")).toHaveValue("88.00");
  await expect(dialog.getByText(/你的额度：单笔 ¥50\.00/)).toBeVisible();
  await expect(dialog.getByText(/超出你的额度/)).toBeVisible();
  await dialog.getByLabel("说明（给审批人和同事看）").fill("用户两次扣款截图已核对");
  await page.screenshot({ path: path.join(SCREENSHOTS, "refunds-request.png"), fullPage: true });
  await dialog.getByRole("button", { name: "提交" }).click();
  // the toast (its live region repeats the text for screen readers)
  await expect(page.getByText(/已提交审批：RF\d{8}[0-9A-Z]{16}，审批前不会退款/).first()).toBeVisible();
  await expect(card.getByText("待审批").first()).toBeVisible();
  await expect(card.getByText("超单笔额度")).toBeVisible();
  // No money moved: the order is still paid.
  await expect(page.getByText("已支付", { exact: true }).first()).toBeVisible();

  // The requester cannot approve it themselves (agents do not hold refund.approve: no buttons at all).
  await page.goto("/refunds");
  const mine = page.getByRole("row").filter({ hasText: OVER });
  await expect(mine).toBeVisible();
  await expect(mine.getByRole("button", { name: /^批准/ })).toHaveCount(0);

  const senior = await browser.newContext({ storageState: storageFor("senior_agent") });
  const sp = await senior.newPage();
  await sp.goto("/refunds");
  await expect(sp.getByRole("tab", { name: "待审批" })).toHaveAttribute("aria-selected", "true");
  const row = sp.getByRole("row").filter({ hasText: OVER });
  await expect(row.getByText("超单笔额度")).toBeVisible();
  await sp.screenshot({ path: path.join(SCREENSHOTS, "refunds-queue.png"), fullPage: true });
  await row.getByRole("button", { name: /^批准/ }).click();
  const approve = sp.getByRole("dialog", { name: /^批准退款 RF/ });
  await approve.getByLabel(/审批意见/).fill("两笔扣款已在渠道流水中核对");
  await approve.getByLabel(/审批意见/).press("Enter");
  await expect(sp.getByText("已批准，退款正在发往支付渠道").first()).toBeVisible();
  await expect(sp.getByRole("row").filter({ hasText: OVER })).toHaveCount(0);

  await sp.goto(`/orders/${OVER}`);
  await expect(sp.getByText("已退款", { exact: true }).first()).toBeVisible();
  await expect(sp.getByText("已成功").first()).toBeVisible();
  await expect(sp.getByText("已原路退回，通常即时到账").first()).toBeVisible();
  await sp.screenshot({ path: path.join(SCREENSHOTS, "refunds-order.png"), fullPage: true });

  await english(sp);
  await sp.goto("/refunds?tab=all");
  await expect(sp.getByRole("row").filter({ hasText: OVER }).getByText("Succeeded")).toBeVisible();
  await sp.screenshot({ path: path.join(SCREENSHOTS, "refunds-en.png"), fullPage: true });
  await senior.close();
});

test("an agent's refund within the limit goes through at once", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`/orders/${WITHIN}`);
  await page.getByRole("button", { name: "退款 / 其他方案" }).click();
  const dialog = page.getByRole("dialog", { name: `为订单 ${WITHIN} 退款或补偿` });
  await expect(dialog.getByLabel("金额（CNY）")).toHaveValue("30.00");
  await expect(dialog.getByText("在你的额度内，提交后立即发往支付渠道。")).toBeVisible();
  await dialog.getByLabel("原因").selectOption("paid_not_delivered");
  await dialog.getByRole("button", { name: "提交" }).click();
  await expect(page.getByText(/已提交：RF\w+，正在发往支付渠道/).first()).toBeVisible();
  await expect(page.getByText("已退款", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("已成功").first()).toBeVisible();
});
