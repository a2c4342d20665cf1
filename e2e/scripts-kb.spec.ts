import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { SCREENSHOTS, storageFor, type E2eRole } from "./fixtures/roles";

// Reply scripts and the knowledge base (issue 10). Uses the seeded library (server/scripts/seed-scripts-kb.ts)
// read-only, and a script of its own (unique key per run) for the edit → approval flow.

async function as(browser: Browser, role: E2eRole, locale: "zh-CN" | "en" = "zh-CN"): Promise<Page> {
  const context = await browser.newContext({ storageState: storageFor(role) });
  await context.addCookies([{ name: "payops_locale", value: locale, url: test.info().project.use.baseURL! }]);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  return context.newPage();
}

test("an agent finds a script and copies it with the keyboard; the copy is counted", async ({ browser }) => {
  const page = await as(browser, "agent");
  await page.goto("/scripts");
  const table = page.getByRole("table", { name: "话术库" });
  const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: "重复扣款:多扣的钱会原路退回" }) });
  await expect(row).toBeVisible();
  const usesBefore = Number(await row.getByRole("cell").last().textContent());

  await page.getByRole("heading", { name: "话术库" }).click(); // focus outside any field: "/" must reach the picker
  await page.keyboard.press("/");
  const search = page.getByRole("searchbox", { name: "搜索话术(按 / 或 Ctrl+K)" });
  await expect(search).toBeFocused();
  await search.fill("重复扣款");
  const options = page.getByRole("list", { name: "推荐话术" }).getByRole("listitem");
  await expect(options.first()).toBeVisible();
  await search.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-current", "true");
  await search.press("ArrowUp");
  const first = options.first();
  const title = (await first.locator("span").first().textContent())!;
  await search.press("Enter");
  await expect(page.getByText("已复制到剪贴板", { exact: true })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.length).toBeGreaterThan(20);
  expect(copied).not.toContain("undefined");
  await page.screenshot({ path: path.join(SCREENSHOTS, "scripts-list.png"), fullPage: true });

  // the use is recorded: the count in the list goes up (after a reload, from the server)
  await page.reload();
  const counted = page.getByRole("table", { name: "话术库" }).getByRole("row").filter({ has: page.getByRole("link", { name: title }) });
  if (title === "重复扣款:多扣的钱会原路退回") await expect(counted.getByRole("cell").last()).toHaveText(String(usesBefore + 1));
  else await expect(counted.getByRole("cell").last()).not.toHaveText("0");
  await page.context().close();
});

test("a senior agent edits a script, a manager approves it, agents see the new version", async ({ browser }) => {
  const key = `e2e-${Date.now().toString(36)}`;
  const senior = await as(browser, "senior_agent");
  await senior.goto("/scripts");
  await senior.getByRole("button", { name: "新建话术" }).click();
  await senior.getByLabel("标识(英文小写、数字、-)").fill(key);
  await senior.getByLabel("标题(中文)").fill(`测试话术 ${key}`);
  await senior.getByLabel("标题(English)").fill(`Test script ${key}`);
  await senior.getByLabel("内容(中文)").fill("您好,订单");
  await senior.getByRole("button", { name: "{orderNo}" }).click(); // variable chip at the cursor
  await senior.getByLabel("内容(English)").fill("Hello, order {orderNo} first words.");
  await senior.getByRole("button", { name: "保存草稿" }).click();
  await expect(senior).toHaveURL(/\/scripts\/\d+$/);
  await expect(senior.getByText("第 1 版草稿(尚未提交审批)")).toBeVisible();

  // an edit is a new version; the earlier draft is superseded
  await senior.getByRole("button", { name: "编辑(生成新版本)" }).click();
  await senior.getByLabel("内容(中文)").fill("您好,订单{orderNo}已处理完毕,第二版。");
  await senior.getByLabel("内容(English)").fill("Hello, order {orderNo} is sorted: second version.");
  await senior.getByRole("button", { name: "保存草稿" }).click();
  await expect(senior.getByText("第 2 版草稿(尚未提交审批)")).toBeVisible();
  await senior.getByRole("button", { name: "提交审批" }).click();
  await expect(senior.getByText("第 2 版等待审批")).toBeVisible();
  await expect(senior.getByRole("button", { name: "批准发布" })).toHaveCount(0); // not for script.edit holders
  const url = senior.url();
  await senior.context().close();

  const manager = await as(browser, "manager");
  await manager.goto("/scripts");
  await manager.getByRole("tab", { name: "待审批" }).click();
  await manager.getByRole("link", { name: `测试话术 ${key}` }).click();
  await expect(manager).toHaveURL(url);
  await manager.screenshot({ path: path.join(SCREENSHOTS, "scripts-approval.png"), fullPage: true });
  await manager.getByRole("button", { name: "批准发布" }).click();
  await expect(manager.getByText("已批准,客服现在看到的是新版本").first()).toBeVisible();
  await manager.context().close();

  const agent = await as(browser, "agent", "en");
  await agent.goto(url);
  await expect(agent.getByText("Hello, order {orderNo} is sorted: second version.").first()).toBeVisible();
  await expect(agent.getByText("Superseded").first()).toBeVisible();
  await expect(agent.getByRole("button", { name: "Edit (new version)" })).toHaveCount(0);
  await agent.screenshot({ path: path.join(SCREENSHOTS, "scripts-detail-en.png"), fullPage: true });
  await agent.goto("/scripts");
  await agent.getByRole("searchbox", { name: "Search scripts (press / or Ctrl+K)" }).fill(key);
  await expect(agent.getByRole("list", { name: "Suggested scripts" }).getByText("Hello, order {orderNo} is sorted: second version.")).toBeVisible();
  await agent.screenshot({ path: path.join(SCREENSHOTS, "scripts-list-en.png"), fullPage: true });
  await agent.context().close();
});

test("knowledge-base search in Chinese finds the refund-timeline article", async ({ browser }) => {
  const page = await as(browser, "agent");
  await page.goto("/kb");
  await expect(page.getByRole("table", { name: "知识库" })).toBeVisible();
  await page.getByRole("searchbox", { name: /搜索知识库/ }).fill("退款");
  const results = page.getByRole("list", { name: "搜索结果" });
  await expect(results.getByRole("link", { name: "退款多久到账?各支付方式的退款到账时间" })).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "kb-search.png"), fullPage: true });
  await results.getByRole("link", { name: "退款多久到账?各支付方式的退款到账时间" }).click();
  await expect(page.getByRole("cell", { name: "通常 5 分钟内" })).toBeVisible(); // the Markdown table rendered
  await expect(page.getByText("修改历史")).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "kb-article.png"), fullPage: true });
  await page.context().close();

  const en = await as(browser, "agent", "en");
  await en.goto("/kb/refund-timelines");
  await expect(en.getByRole("cell", { name: "usually within 5 minutes" })).toBeVisible();
  await en.screenshot({ path: path.join(SCREENSHOTS, "kb-article-en.png"), fullPage: true });
  await en.context().close();
});

test.describe("public help centre", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a public article opens at /help without signing in, with \"was this helpful\"", async ({ page }) => {
    await page.goto("/help");
    await expect(page.getByRole("heading", { name: "帮助中心" })).toBeVisible();
    await expect(page.getByRole("link", { name: /SOP/ })).toHaveCount(0); // internal articles stay inside
    await page.getByRole("link", { name: "退款多久到账?各支付方式的退款到账时间" }).click();
    await expect(page).toHaveURL(/\/help\/articles\/refund-timelines$/);
    await expect(page.getByRole("cell", { name: "通常 5 分钟内" })).toBeVisible();
    await page.getByRole("button", { name: "有帮助", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "谢谢您的反馈!" })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "kb-help-public.png"), fullPage: true });
    expect((await page.goto("/help/articles/sop-paid-not-updated"))?.status()).toBe(404);
    await page.goto("/status");
    await expect(page.getByRole("link", { name: "常见问题与帮助中心" })).toBeVisible();
  });
});
