import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { SCREENSHOTS, signedIn } from "./fixtures/roles";

// The self-service lookup (issue 9) as a user meets it, and the ticket it opens as agents and managers see it.
// Order numbers and full phone numbers come from the admin's order list (admins see phones unmasked).

// Dev-mode first compiles of these pages are slow on a busy machine.
test.describe.configure({ timeout: 180_000 });

type Order = { orderNo: string; last4: string };


async function orderWithStatus(browser: Browser, status: "FULFILLED" | "PAID" | "CREATED", skip: string[] = []): Promise<Order> {
  const { context, page } = await signedIn(browser, "admin");
  await page.goto("/orders");
  await page.getByRole("combobox", { name: "状态" }).selectOption(status);
  const table = page.getByRole("table", { name: "订单查询" });
  // Wait for the filtered page (the previous rows stay while it loads).
  const label = { FULFILLED: "已发货", PAID: "已支付", CREATED: "待支付" }[status];
  await expect(table.getByRole("row").nth(1)).toContainText(label);
  await expect(table.getByRole("row").filter({ hasNotText: label })).toHaveCount(1); // the header only
  const rows = table.getByRole("row");
  const n = await rows.count();
  for (let i = 1; i < n; i++) {
    const row = rows.nth(i);
    const orderNo = (await row.getByRole("link").first().textContent())!.trim();
    const phone = (await row.getByRole("cell").allTextContents()).map((c) => c.trim()).find((c) => /^1\d{10}$/.test(c));
    if (phone && !skip.includes(orderNo)) {
      await context.close();
      return { orderNo, last4: phone.slice(-4) };
    }
  }
  throw new Error(`no ${status} order with a phone`);
}

const PUBLIC = { storageState: { cookies: [], origins: [] } };

async function lookUp(page: Page, o: { orderNo?: string; last4: string }, labels: { order: string; phone: string; submit: string }) {
  if (o.orderNo !== undefined) await page.getByLabel(labels.order).fill(o.orderNo);
  await page.getByLabel(labels.phone).fill(o.last4);
  await page.getByRole("button", { name: labels.submit }).click();
}
const ZH = { order: "订单号", phone: "手机号后四位", submit: "查询" };
const EN = { order: "Order number", phone: "Last four digits of your phone", submit: "Check" };

test.describe("self-service lookup", () => {
  test.use(PUBLIC);

  test("a user checks a completed order in Chinese (the link prefills the number)", async ({ browser, page }) => {
    const order = await orderWithStatus(browser, "FULFILLED");
    const response = await page.goto(`/lookup?order=${encodeURIComponent(order.orderNo)}`);
    expect(response?.headers()["cache-control"]).toContain("no-store");
    expect(response?.headers()["set-cookie"]).toBeUndefined();
    await expect(page.getByLabel(ZH.order)).toHaveValue(order.orderNo);
    await lookUp(page, { last4: order.last4 }, ZH);
    await expect(page.getByRole("heading", { name: "付款成功，订单已完成" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "还需要帮助？" })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "lookup-zh-CN.png"), fullPage: true });
  });

  test("a wrong phone and an unknown order number get the same neutral answer", async ({ browser, page }) => {
    const order = await orderWithStatus(browser, "FULFILLED");
    await page.goto("/lookup");
    await lookUp(page, { orderNo: order.orderNo, last4: order.last4 === "0000" ? "1111" : "0000" }, ZH);
    const answer = page.getByRole("status", { name: "查询结果" });
    await expect(answer.getByRole("heading", { name: "没有找到匹配的订单" })).toBeVisible();
    const wrongPhone = await answer.innerHTML();
    await expect(page.getByRole("heading", { name: "还需要帮助？" })).toHaveCount(0);
    await page.goto("/lookup");
    await lookUp(page, { orderNo: `${order.orderNo}X`, last4: order.last4 }, ZH);
    await expect(answer.getByRole("heading", { name: "没有找到匹配的订单" })).toBeVisible();
    expect(await answer.innerHTML()).toBe(wrongPhone);
  });

  test.describe("in English", () => {
    test.use({ locale: "en-US" });
    test("a user whose payment is being processed is told not to pay again", async ({ browser, page }) => {
      const order = await orderWithStatus(browser, "PAID");
      await page.goto("/lookup");
      await expect(page.getByRole("heading", { name: "Check your payment" })).toBeVisible();
      await lookUp(page, order, EN);
      await expect(page.getByRole("heading", { name: "Your payment went through, and we're updating your order" })).toBeVisible();
      await expect(page.getByText("There's no need to pay again.")).toBeVisible();
      await page.screenshot({ path: path.join(SCREENSHOTS, "lookup-en.png"), fullPage: true });
    });
  });
});

test("a user opens a ticket; an agent finds it with the order attached and works it; a manager only reads it", async ({ browser }) => {
  const order = await orderWithStatus(browser, "CREATED");
  const user = await browser.newContext(PUBLIC);
  const page = await user.newPage();
  await page.goto("/lookup");
  await lookUp(page, order, ZH);
  await expect(page.getByRole("heading", { name: "我们暂时还没有收到这笔付款" })).toBeVisible();
  await page.getByLabel("发生了什么").fill("付款后订单一直显示未支付（e2e）");
  await page.getByLabel("给我打电话").check();
  await page.getByRole("button", { name: "提交给客服" }).click();
  const confirmation = page.getByText(/工单号 T-\d{4}-\d{6}|已加入工单 T-\d{4}-\d{6}/);
  await expect(confirmation).toBeVisible();
  const number = /T-\d{4}-\d{6}/.exec((await confirmation.textContent())!)![0];
  await user.close();

  const { context: agentContext, page: agent } = await signedIn(browser, "agent");
  await agent.goto("/tickets?status=all");
  const queue = agent.getByRole("table", { name: "全部" });
  await agent.getByRole("combobox", { name: "排序" }).selectOption("newest");
  await expect(queue.getByText(number)).toBeVisible();
  await agent.getByRole("tab", { name: "新建" }).click();
  await expect(agent.getByRole("table", { name: "新建" }).getByRole("link").first()).toBeVisible();
  await agent.screenshot({ path: path.join(SCREENSHOTS, "tickets-zh-CN.png") });
  await agent.goto("/tickets?status=all");
  await agent.getByRole("combobox", { name: "排序" }).selectOption("newest");
  await queue.getByRole("row").filter({ hasText: number }).getByRole("link").first().click();
  // The first visit compiles the ticket page in dev mode: allow for it.
  await expect(agent.getByRole("heading", { level: 1 })).toContainText(number, { timeout: 90_000 });
  await expect(agent.getByRole("link", { name: order.orderNo })).toHaveAttribute("href", `/orders/${order.orderNo}`);
  await expect(agent.getByText("付款后订单一直显示未支付（e2e）").first()).toBeVisible();
  await expect(agent.getByText("电话联系")).toBeVisible();
  await agent.getByRole("combobox", { name: "状态" }).selectOption("pending");
  await expect(agent.getByText(/把状态从「(新建|处理中)」改为「待用户回复」/)).toBeVisible();
  await agent.getByLabel("写给用户的回复（用户可见）").fill("您好，我们正在向支付渠道核实，请稍候。");
  await agent.getByRole("button", { name: "发送" }).click();
  await expect(agent.getByText("您好，我们正在向支付渠道核实，请稍候。")).toBeVisible();
  await agent.screenshot({ path: path.join(SCREENSHOTS, "ticket-detail-zh-CN.png"), fullPage: true });
  const ticketUrl = agent.url();
  // The order page lists the ticket.
  await agent.goto(`/orders/${order.orderNo}`);
  await expect(agent.getByRole("table", { name: "工单" }).getByRole("link", { name: number })).toBeVisible();
  await agentContext.close();

  const { context: managerContext, page: manager } = await signedIn(browser, "manager");
  await manager.goto(ticketUrl);
  await expect(manager.getByRole("heading", { level: 1 })).toContainText(number);
  await expect(manager.getByText("你的角色只能查看工单，不能修改。")).toBeVisible();
  await expect(manager.getByRole("combobox")).toHaveCount(0);
  await expect(manager.getByRole("button", { name: "发送" })).toHaveCount(0);
  await managerContext.close();
});

test("agents see the ticket queue in English", async ({ browser }) => {
  const { context, page } = await signedIn(browser, "agent", "en-US");
  await page.goto("/tickets?status=all");
  await expect(page.getByRole("heading", { name: "Tickets", exact: true })).toBeVisible();
  await expect(page.getByRole("table", { name: "All" }).getByRole("link").first()).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "tickets-en.png") });
  await page.getByRole("table", { name: "All" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "ticket-detail-en.png"), fullPage: true });
  await context.close();
});
