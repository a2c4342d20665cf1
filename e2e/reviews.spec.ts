import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { SCREENSHOTS, signedIn } from "./fixtures/roles";

// Incident reviews (issue 12). The demo seed has two past Alipay incidents with completed reviews
// (server/reviews/seed-demo-reviews.ts) and the past sandbox callback outage resolved by seedDemoAlerts, whose
// review was drafted on resolve. Ops completes that draft here; nothing else in the suite reads it.

/** A console card (components/ui/card.tsx: a section headed by its title). */
const card = (page: Page, title: string) => page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: title, exact: true }) });

async function noSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("ops opens a drafted review, completes it with an action item, and tracks the item to done", async ({ browser }) => {
  test.setTimeout(240_000);
  const { context, page } = await signedIn(browser, "ops");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/reviews");
  await expect(page.getByRole("heading", { level: 1, name: "事件复盘" })).toBeVisible();
  // The overdue action item of the day −5 incident is chased at the top.
  const overdue = card(page, "逾期改进项");
  await expect(overdue.getByRole("link", { name: "成功率类告警同时通知客服组长，目标 10 分钟内发出用户通知" })).toBeVisible();
  await expect(page.getByRole("table", { name: "全部" }).getByText("逾期 1 项")).toBeVisible();
  await noSeriousViolations(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "reviews-list.png"), fullPage: true });

  await page.goto("/reviews?status=draft");
  await expect(page.getByRole("tab", { name: "草稿" })).toHaveAttribute("aria-selected", "true");
  const drafts = page.getByRole("table", { name: "草稿" });
  // The seeded past outage is the oldest draft (newest incident first).
  const link = drafts.getByRole("row").last().getByRole("link");
  await link.click();
  // The first visit compiles the page in dev mode: give the navigation time.
  await expect(page).toHaveURL(/\/reviews\/\d+$/, { timeout: 90_000 });
  const incidentId = Number(/\/reviews\/(\d+)$/.exec(page.url())![1]);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`事件 #${incidentId} 复盘`);
  await expect(page.getByText("草稿", { exact: true })).toBeVisible();
  const facts = card(page, "事件事实（自动生成）");
  await expect(facts.getByText("发现用时")).toBeVisible();
  await expect(facts.getByText("受影响订单")).toBeVisible();
  await expect(page.getByRole("list", { name: "时间线" })).toBeVisible();
  await noSeriousViolations(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "reviews-draft.png"), fullPage: true });

  // Too short a root cause is refused on the spot.
  await page.getByRole("button", { name: "完成复盘" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "根因至少 10 个字" })).toBeVisible();

  // An action item with an owner and a due date.
  const items = card(page, "改进项");
  await items.getByLabel("改进内容").fill("回调中断 5 分钟内自动把状态查询频率提高到每分钟一次");
  await items.getByLabel("负责人", { exact: true }).selectOption({ label: "张伟 (Ops)" });
  await items.getByLabel("截止日期", { exact: true }).fill("2030-01-15");
  await items.getByRole("button", { name: "添加改进项" }).click();
  await expect(page.getByRole("region", { name: /通知/ }).getByText("改进项已添加")).toBeVisible();
  const row = items.getByRole("row").filter({ hasText: "回调中断 5 分钟内自动把状态查询频率提高到每分钟一次" });
  await expect(row.getByText("进行中")).toBeVisible();
  await expect(row.getByRole("combobox")).toHaveValue(/[0-9a-f-]{36}/);

  await page.getByLabel("根因").fill("沙箱渠道网关故障，回调推送中断约 20 分钟；我方只依赖回调确认支付，状态查询按固定 5 分钟间隔运行，补单偏慢。");
  await page.getByLabel("做得好的地方").fill("告警 3 分钟内触发并自动开启事件；客服话术及时同步。");
  await page.getByLabel("需要改进的地方").fill("回调中断时没有自动加快状态查询。");
  await page.getByRole("button", { name: "完成复盘" }).click();
  await expect(page.getByRole("region", { name: /通知/ }).getByText("复盘已完成")).toBeVisible();
  await expect(page.getByText("已完成", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "完成复盘" })).toHaveCount(0);
  await expect(page.getByText(/ops@payops\.local 于 .* 完成复盘/)).toBeVisible();

  await row.getByRole("button", { name: "标记完成" }).click();
  await expect(row.getByRole("button", { name: "重新打开" })).toBeVisible();
  await expect(row.getByText(/ops@payops\.local 于 .* 完成/)).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, "reviews-completed.png"), fullPage: true });

  // The incident page links to its review.
  await expect(page.getByRole("link", { name: "查看事件" })).toHaveAttribute("href", `/incidents/${incidentId}`);
  await page.goto(`/incidents/${incidentId}`);
  await expect(page.getByRole("link", { name: "查看复盘" })).toHaveAttribute("href", `/reviews/${incidentId}`, { timeout: 90_000 });
  await context.close();
});

test("a completed review reads in English; a senior agent reads it but cannot change it", async ({ browser }) => {
  test.setTimeout(180_000);
  const { context, page } = await signedIn(browser, "senior_agent", "en-US");
  await context.addCookies([{ name: "payops_locale", value: "en", url: test.info().project.use.baseURL! }]);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/reviews?status=completed");
  await expect(page.getByRole("heading", { level: 1, name: "Incident reviews" })).toBeVisible();
  await page.getByRole("table", { name: "Completed" }).getByRole("link", { name: "支付宝成功率下降：营销推送后被渠道限流" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Review of incident #", { timeout: 90_000 });
  await expect(page.getByRole("heading", { name: "Root cause" })).toBeVisible();
  await expect(page.getByText(/市场部 20:00 推送营销短信/)).toBeVisible();
  await expect(card(page, "Action items").getByText("Overdue")).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark done" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add action item" })).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, "reviews-en.png"), fullPage: true });
  await context.close();
});
