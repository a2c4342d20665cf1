import path from "node:path";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { SCREENSHOTS, storageFor } from "./fixtures/roles";

// Issue 8: the demo seed (seedDemoData) leaves one critical callback-outage alert firing on a provider, with the
// incident it opened automatically. Ops sees it, reads what is wrong, acknowledges it, and the incident's
// timeline records who did; an agent sees it too but cannot acknowledge, not even by calling the API.

const OUTAGE_RULE = "支付机构回调中断"; // alerts.rule.provider-callbacks-down

async function useLocale(context: BrowserContext, locale: "zh-CN" | "en") {
  await context.addCookies([{ name: "payops_locale", value: locale, url: test.info().project.use.baseURL! }]);
}

/** The firing outage alert's row on /alerts, and its id. */
async function outageRow(page: Page) {
  const table = page.getByRole("table", { name: "进行中" });
  const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: OUTAGE_RULE }) }).first();
  await expect(row).toBeVisible();
  const id = Number(/#(\d+)/.exec((await row.textContent()) ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  return { row, id };
}

test.describe.serial("ops", () => {
  test.use({ storageState: storageFor("ops") });

  test("the outage alert is in the list, explained on its page, acknowledged, and the incident timeline says who", async ({ page }) => {
    await page.goto("/alerts");
    await expect(page.getByRole("heading", { level: 1, name: "告警" })).toBeVisible();
    // The navigation counts what fires.
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /告警.*条告警中/ })).toBeVisible();
    const { row, id } = await outageRow(page);
    await expect(row.getByText("严重")).toBeVisible();
    await expect(row.getByText("告警中")).toBeVisible();
    await expect(row).toContainText(/\d+ 笔 · \d+ 人 · ¥/);
    await expect(row.getByRole("button", { name: `确认告警 #${id}` })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "alerts-list.png") });

    // Filters narrow the list on the server.
    await page.getByRole("combobox", { name: "级别" }).selectOption("info");
    await expect(page.getByText("没有符合条件的告警")).toBeVisible();
    await expect(page).toHaveURL(/severity=info/);
    await page.getByRole("combobox", { name: "级别" }).selectOption("critical");
    await expect(page.getByRole("table", { name: "进行中" }).getByRole("link", { name: OUTAGE_RULE }).first()).toBeVisible();

    await page.getByRole("table", { name: "进行中" }).getByRole("link", { name: OUTAGE_RULE }).first().click();
    await expect(page).toHaveURL(new RegExp(`/alerts/${id}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(OUTAGE_RULE);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`告警 #${id}`);
    // What is wrong, how big, since when, and what to do first.
    await expect(page.getByText(/的回调失败率为 [\d.]+%/)).toBeVisible();
    const facts = page.getByRole("definition");
    await expect(facts.filter({ hasText: /\d+ 笔订单 · \d+ 位用户 · ¥/ }).first()).toBeVisible();
    await expect(page.getByText("超过阈值")).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "立即运行状态查询补单任务" })).toBeVisible();
    // The chart of the metric against its baseline, with lines drawn.
    const chart = page.getByRole("figure", { name: "回调失败率与基线" });
    await expect(chart).toBeVisible();
    await expect(chart.locator("path.recharts-curve").first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "通知" })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "alerts-detail.png"), fullPage: true });

    await page.getByRole("button", { name: `确认告警 #${id}` }).click();
    await expect(page.getByRole("region", { name: /通知/ }).getByText(`已确认告警 #${id}`)).toBeVisible();
    await expect(page.getByRole("button", { name: `确认告警 #${id}` })).toHaveCount(0);
    await expect(page.getByText("已确认", { exact: true }).first()).toBeVisible();
    await expect(page.getByText(/ops@payops\.local，\d{4}-\d{2}-\d{2}/)).toBeVisible();

    // The incident opened automatically for the critical alert; its timeline shows the acknowledgement and by whom.
    await page.getByRole("link", { name: /查看故障事件 #\d+/ }).click();
    await expect(page).toHaveURL(/\/incidents\/\d+$/);
    const timeline = page.getByRole("list", { name: "时间线" });
    await expect(timeline.getByText(`ops@payops.local 确认了告警 #${id}`)).toBeVisible();
    await expect(timeline.getByText(`告警 #${id} 触发`)).toBeVisible();
    await expect(page.getByRole("table", { name: "相关告警" }).getByText("已确认")).toBeVisible();
    await expect(page.getByRole("heading", { name: "受影响的订单和用户" })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "incident-detail.png"), fullPage: true });
  });

  test("ops takes command, adds a note, and resolves the incident with a summary", async ({ page }) => {
    await page.goto("/incidents");
    await expect(page.getByRole("heading", { level: 1, name: "故障事件" })).toBeVisible();
    const link = page.getByRole("table", { name: "处理中" }).getByRole("link").first();
    await expect(link).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "incident-list.png") });
    await link.click();
    await expect(page).toHaveURL(/\/incidents\/\d+$/);
    const timeline = page.getByRole("list", { name: "时间线" });

    await page.getByRole("button", { name: "由我指挥" }).click();
    await expect(timeline.getByText("ops@payops.local 指定指挥官为 ops@payops.local")).toBeVisible();
    // The commander is not offered command again.
    await expect(page.getByRole("button", { name: "由我指挥" })).toHaveCount(0);

    await page.getByRole("textbox", { name: "添加备注" }).fill("沙箱渠道回调中断，已联系渠道技术支持，补单任务已手动运行。");
    await page.getByRole("button", { name: "添加备注" }).click();
    await expect(timeline.getByText("沙箱渠道回调中断，已联系渠道技术支持，补单任务已手动运行。")).toBeVisible();

    await page.getByRole("button", { name: "解决故障事件" }).click();
    const dialog = page.getByRole("dialog", { name: /解决故障事件 #\d+/ });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("textbox", { name: "总结" }).fill("太短了");
    await dialog.getByRole("button", { name: "解决故障事件" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("总结至少需要 10 个字（当前 3 个）");
    await expect(dialog.getByRole("textbox", { name: "总结" })).toHaveAttribute("aria-invalid", "true");
    await page.screenshot({ path: path.join(SCREENSHOTS, "incident-resolve.png") });
    const summary = "渠道回调中断约 20 分钟，补单任务找回全部已支付订单；后续：回调中断告警直接通知渠道对接人。";
    await dialog.getByRole("textbox", { name: "总结" }).fill(summary);
    await dialog.getByRole("button", { name: "解决故障事件" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("已解决").first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "事件总结" })).toBeVisible();
    await expect(timeline.getByText("ops@payops.local 解决了事件")).toBeVisible();
    await expect(page.getByRole("button", { name: "解决故障事件" })).toHaveCount(0);
  });

  test("in English: the alert list, an alert and the incidents", async ({ page, context }) => {
    await useLocale(context, "en");
    await page.goto("/alerts?status=all");
    await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
    const table = page.getByRole("table", { name: "All" });
    const link = table.getByRole("link", { name: "Provider callbacks down" }).first();
    await expect(link).toBeVisible();
    await expect(table.getByRole("columnheader", { name: /Firing since \(GMT\+8\)/ })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "alerts-list-en.png") });
    await link.click();
    await expect(page.getByText("What is wrong")).toBeVisible();
    await expect(page.getByRole("figure", { name: "Callback failure rate against its baseline" })).toBeVisible();
    await expect(page.getByText("Suggested first actions")).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "alerts-detail-en.png"), fullPage: true });
    await page.getByRole("link", { name: /View incident #\d+/ }).click();
    await expect(page.getByRole("list", { name: "Timeline" }).getByText(/ops@payops\.local acknowledged alert #\d+/)).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "incident-detail-en.png"), fullPage: true });
    await useLocale(context, "zh-CN");
  });
});

test.describe("agent", () => {
  test.use({ storageState: storageFor("agent") });

  test("sees the alerts but has no acknowledge button, and the procedure refuses", async ({ page }) => {
    await page.goto("/alerts?status=all");
    await expect(page.getByRole("heading", { level: 1, name: "告警" })).toBeVisible();
    const table = page.getByRole("table", { name: "全部" });
    const link = table.getByRole("link", { name: OUTAGE_RULE }).first();
    await expect(link).toBeVisible();
    await expect(page.getByRole("button", { name: /确认告警/ })).toHaveCount(0);
    await link.click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(OUTAGE_RULE);
    await expect(page.getByRole("figure", { name: "回调失败率与基线" })).toBeVisible();
    await expect(page.getByRole("button", { name: /确认告警/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "创建故障事件" })).toHaveCount(0);
    const id = Number(/\/alerts\/(\d+)$/.exec(page.url())?.[1]);

    // Forced: the server checks the permission itself.
    const res = await page.request.post("/api/trpc/alert.acknowledge", { data: { json: { id } }, headers: { "content-type": "application/json" } });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain("FORBIDDEN");

    // The incident pages are readable, without the commander's buttons.
    await page.goto("/incidents?status=all");
    await page.getByRole("table", { name: "全部" }).getByRole("link").first().click();
    await expect(page.getByRole("list", { name: "时间线" })).toBeVisible();
    await expect(page.getByRole("button", { name: "由我指挥" })).toHaveCount(0);
    await expect(page.getByRole("textbox", { name: "添加备注" })).toHaveCount(0);
  });
});
