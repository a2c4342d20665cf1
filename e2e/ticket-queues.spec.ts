import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { SCREENSHOTS, signedIn } from "./fixtures/roles";

// Issue 10 ticket queues as people work them: a user's self-service ticket lands in CS L1 and goes to the
// available agent by itself; a senior agent moves tickets between queues in bulk and merges a duplicate.
// Tickets are opened here (never the seeded ones other specs read).
test.describe.configure({ timeout: 180_000 });


async function paidOrder(browser: Browser): Promise<{ orderNo: string; last4: string }> {
  const { context, page } = await signedIn(browser, "admin");
  await page.goto("/orders");
  await page.getByRole("combobox", { name: "状态" }).selectOption("PAID");
  const table = page.getByRole("table", { name: "订单查询" });
  await expect(table.getByRole("row").nth(1)).toContainText("已支付");
  await expect(table.getByRole("row").filter({ hasNotText: "已支付" })).toHaveCount(1);
  const rows = table.getByRole("row");
  // the last PAID order with a phone: the lookup spec takes the first ones
  for (let i = (await rows.count()) - 1; i > 0; i--) {
    const orderNo = (await rows.nth(i).getByRole("link").first().textContent())!.trim();
    const phone = (await rows.nth(i).getByRole("cell").allTextContents()).map((c) => c.trim()).find((c) => /^1\d{10}$/.test(c));
    if (phone) {
      await context.close();
      return { orderNo, last4: phone.slice(-4) };
    }
  }
  throw new Error("no PAID order with a phone");
}

test("a user's self-service ticket reaches CS L1 and is auto-assigned to the available agent", async ({ browser }) => {
  const order = await paidOrder(browser);
  const user = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await user.newPage();
  await page.goto("/lookup");
  await page.getByLabel("订单号").fill(order.orderNo);
  await page.getByLabel("手机号后四位").fill(order.last4);
  await page.getByRole("button", { name: "查询" }).click();
  await page.getByLabel("发生了什么").fill("付款成功了但订单没有更新（队列 e2e）");
  await page.getByRole("button", { name: "提交给客服" }).click();
  const confirmation = page.getByText(/工单号 T-\d{4}-\d{6}|已加入工单 T-\d{4}-\d{6}/);
  await expect(confirmation).toBeVisible();
  const number = /T-\d{4}-\d{6}/.exec((await confirmation.textContent())!)![0];
  await user.close();

  const { context, page: agent } = await signedIn(browser, "agent");
  await agent.goto("/tickets");
  await agent.getByRole("button", { name: "一线客服" }).click();
  await agent.getByRole("combobox", { name: "处理人" }).selectOption("mine");
  const row = agent.getByRole("table", { name: "未结" }).getByRole("row").filter({ hasText: number });
  await expect(row).toContainText("agent@payops.local");
  await expect(row).toContainText("一线客服");
  await expect(agent.getByRole("switch", { name: "接单状态" })).toHaveAttribute("aria-checked", "true");
  await agent.screenshot({ path: path.join(SCREENSHOTS, "tickets-queues-zh-CN.png") });
  await context.close();
});

test("a senior agent transfers tickets in bulk and merges a duplicate", async ({ browser }) => {
  const { context, page } = await signedIn(browser, "senior_agent");
  const trpc = async (proc: string, input: unknown) =>
    (await (await page.request.post(`/api/trpc/${proc}`, { data: { json: input } })).json()) as { result: { data: { json: { id: number; number: string } } } };
  const made = [];
  for (const s of ["队列 e2e：投诉 A", "队列 e2e：投诉 B"]) made.push((await trpc("ticket.create", { subject: s, description: "e2e", type: "complaint" })).result.data.json);
  await page.goto("/tickets");
  await page.getByRole("button", { name: "二线客服" }).click();
  const table = page.getByRole("table", { name: "未结" });
  for (const m of made) await table.getByRole("checkbox", { name: new RegExp(m.number) }).check();
  await page.getByRole("combobox", { name: "转到队列" }).selectOption("tech");
  await page.getByRole("button", { name: /执行/ }).click();
  await expect(page.getByText("已更新 2 个工单").first()).toBeVisible();
  await page.getByRole("button", { name: "技术" }).click();
  for (const m of made) await expect(table.getByRole("row").filter({ hasText: m.number })).toContainText("技术");

  await page.goto(`/tickets/${made[1]!.id}`);
  await page.getByLabel("合并到另一个工单").fill(made[0]!.number);
  await page.getByRole("button", { name: "合并", exact: true }).click();
  await expect(page.getByText(`已合并到 ${made[0]!.number}`).first()).toBeVisible();
  await page.goto(`/tickets/${made[0]!.id}`);
  await expect(page.getByText(`来自被合并的工单 ${made[1]!.number}`).first()).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "tickets-merge-zh-CN.png"), fullPage: true });
  await context.close();
});

test("queue settings in English", async ({ browser }) => {
  const { context, page } = await signedIn(browser, "manager", "en-US");
  await page.goto("/tickets/settings");
  await expect(page.getByRole("heading", { name: "Ticket settings" })).toBeVisible();
  await expect(page.getByRole("table", { name: "SLA targets per queue (business minutes)" })).toContainText("CS L1");
  await page.screenshot({ path: path.join(SCREENSHOTS, "tickets-settings-en.png"), fullPage: true });
  await context.close();
});
