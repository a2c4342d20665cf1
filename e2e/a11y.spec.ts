import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { storageFor } from "./fixtures/roles";

// WCAG 2.x A and AA. A "serious" or "critical" finding fails the test; lesser ones are attached to the
// report so they stay visible without blocking.
async function expectNoSeriousViolations(page: Page, name: string) {
  // axe walks the whole DOM: on a busy CI machine that alone can take most of the default 60 s.
  test.setTimeout(180_000);
  // Nothing still fetching: a table dims while it refetches and a button turns from disabled to enabled as
  // its query lands (both change colours mid-scan).
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  // Colours measured mid-transition (a button fading from disabled to enabled as its query lands) are neither
  // state's colours: wait until no CSS transition is running (spinners are animations, not transitions).
  await page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition)), undefined, { timeout: 10_000 }).catch(() => {});
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const describe = (vs: typeof results.violations) =>
    vs.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}`).join("\n")}`).join("\n");
  const minor = results.violations.filter((v) => v.impact !== "serious" && v.impact !== "critical");
  if (minor.length > 0) test.info().annotations.push({ type: `a11y (minor) ${name}`, description: describe(minor) });
  expect(describe(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")), name).toBe("");
}

test.describe("signed out", () => {
  test("the sign-in page has no serious accessibility violations", async ({ page }) => {
    await page.goto("/signin");
    await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
    await expectNoSeriousViolations(page, "/signin");
  });

  test("the public status page has no serious accessibility violations", async ({ page }) => {
    await page.goto("/status");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "/status");
  });

  test("the public help centre has no serious accessibility violations", async ({ page }) => {
    await page.goto("/help");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "/help");
  });

  test("the self-service lookup has no serious accessibility violations", async ({ page }) => {
    await page.goto("/lookup");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "/lookup");
  });
});

test.describe("signed in as admin", () => {
  test.use({ storageState: storageFor("admin") });

  const LIST_PAGES = [
    { path: "/orders", ready: (p: Page) => p.getByRole("table") },
    { path: "/jobs", ready: (p: Page) => p.getByRole("tablist") },
    { path: "/callbacks", ready: (p: Page) => p.getByRole("heading", { level: 1 }) },
    { path: "/discrepancies", ready: (p: Page) => p.getByRole("heading", { level: 1 }) },
    { path: "/reconciliation", ready: (p: Page) => p.getByRole("group", { name: "当日对账摘要" }) },
    { path: "/reconciliation/rules", ready: (p: Page) => p.getByRole("switch").first() },
    { path: "/ops", ready: (p: Page) => p.getByRole("heading", { level: 1 }) },
    { path: "/audit", ready: (p: Page) => p.getByRole("heading", { level: 1 }) },
    { path: "/alerts", ready: (p: Page) => p.getByRole("tablist") },
    { path: "/incidents", ready: (p: Page) => p.getByRole("tablist") },
    { path: "/alerts/rules", ready: (p: Page) => p.getByRole("table", { name: "规则" }) },
    { path: "/alerts/channels", ready: (p: Page) => p.getByRole("table", { name: "路由" }) },
    { path: "/notices", ready: (p: Page) => p.getByRole("tablist") },
    { path: "/tickets", ready: (p: Page) => p.getByRole("tablist") },
    { path: "/user-notices", ready: (p: Page) => p.getByRole("table", { name: "发送记录" }) },
    { path: "/desk", ready: (p: Page) => p.getByRole("heading", { level: 1 }) },
    { path: "/customers", ready: (p: Page) => p.getByRole("heading", { level: 1 }) },
    { path: "/refunds", ready: (p: Page) => p.getByRole("tablist") },
    { path: "/refunds/limits", ready: (p: Page) => p.getByRole("table") },
    { path: "/scripts", ready: (p: Page) => p.getByRole("heading", { level: 1 }) },
    { path: "/kb", ready: (p: Page) => p.getByRole("heading", { level: 1 }) },
    { path: "/tickets/settings", ready: (p: Page) => p.getByRole("heading", { level: 1 }) },
  ];
  for (const { path, ready } of LIST_PAGES) {
    test(`${path} has no serious accessibility violations`, async ({ page }) => {
      await page.goto(path);
      // The console itself, not the sign-in page a stale session would land on.
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      await expect(ready(page).first()).toBeVisible();
      // Scan what people read, not the loading skeleton.
      await expect(page.getByRole("status", { name: "加载中…" })).toHaveCount(0);
      await expectNoSeriousViolations(page, path);
    });
  }

  test("an order page and a job page have no serious accessibility violations", async ({ page }) => {
    await page.goto("/orders");
    const orderLink = page.getByRole("table").getByRole("link").first();
    await orderLink.click();
    await expect(page).toHaveURL(/\/orders\/.+/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("status", { name: "加载中…" })).toHaveCount(0);
    await expectNoSeriousViolations(page, "/orders/[orderNo]");

    await page.goto("/jobs");
    await page.getByRole("table").getByRole("link", { name: /^#\d+$/ }).first().click();
    await expect(page).toHaveURL(/\/jobs\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "/jobs/[id]");
  });

  test("a discrepancy page (side by side) has no serious accessibility violations", async ({ page }) => {
    await page.goto("/discrepancies?status=all");
    await page.getByRole("table", { name: "对账差异" }).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/discrepancies\/\d+$/);
    await expect(page.getByRole("heading", { name: "我方账务" })).toBeVisible();
    await expectNoSeriousViolations(page, "/discrepancies/[id]");
  });

  test("an alert page and an incident page have no serious accessibility violations", async ({ page }) => {
    await page.goto("/alerts?status=all");
    await page.getByRole("table", { name: "全部" }).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/alerts\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("figure")).toBeVisible();
    await expectNoSeriousViolations(page, "/alerts/[id]");

    await page.goto("/incidents?status=all");
    await page.getByRole("table", { name: "全部" }).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/incidents\/\d+$/);
    await expect(page.getByRole("list", { name: "时间线" })).toBeVisible();
    await expectNoSeriousViolations(page, "/incidents/[id]");
  });

  test("the user menu opens from the keyboard and its items are reached with the arrow keys", async ({ page }) => {
    await page.goto("/orders");
    // includeHidden: while the menu is open, Radix hides everything outside it from assistive technology.
    const trigger = page.getByRole("button", { name: /admin@payops\.local/, includeHidden: true });
    await trigger.focus();

    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu");
    await expect(menu).toBeVisible();
    const signOut = menu.getByRole("menuitem", { name: "退出登录" });
    // Enter opens the menu with focus inside it (Radix puts it on the menu or its first item); the arrow
    // keys then reach the items.
    await expect.poll(() => menu.evaluate((m) => m.contains(document.activeElement))).toBe(true);
    await page.keyboard.press("ArrowDown");
    await expect(signOut).toBeFocused();
    await expect(trigger).toHaveAttribute("aria-expanded", "true");

    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(trigger).toBeFocused();

    await page.keyboard.press("ArrowDown");
    await expect(menu).toBeVisible();
    await expect(signOut).toBeFocused();
    // Arrow keys move between items and never leave the menu (non-items like the label are skipped).
    await page.keyboard.press("ArrowUp");
    await expect(signOut).toBeFocused();
    await page.keyboard.press("End");
    await expect(signOut).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(trigger).toBeFocused();
  });
});

test.describe("signed in as ops", () => {
  test.use({ storageState: storageFor("ops") });

  test("the confirmation dialog traps focus, closes on Escape and gives focus back", async ({ page }) => {
    await page.goto("/jobs?status=dead");
    const table = page.getByRole("table", { name: "死信" });
    const firstJob = table.getByRole("link", { name: /^#\d+$/ }).first();
    await expect(firstJob).toBeVisible();
    const jobId = (await firstJob.textContent())!.trim().slice(1);
    await table.getByRole("checkbox", { name: `选择 #${jobId}` }).check();

    const replay = page.getByRole("button", { name: "重放所选（1）" });
    await replay.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "重放所选（1）" });
    await expect(dialog).toBeVisible();
    // Modal: the page behind the dialog is hidden from assistive technology while it is open.
    await expect(page.getByRole("main")).toHaveCount(0);
    await expect(dialog).toContainText("确认重放所选的 1 个死信任务");
    // Focus starts on the harmless choice.
    await expect(dialog.getByRole("button", { name: "取消" })).toBeFocused();

    for (const key of ["Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
      await page.keyboard.press(key);
      expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `focus inside the dialog after ${key}`).toBe(true);
    }

    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(replay).toBeFocused();
    // Nothing was replayed.
    await expect(table.getByRole("link", { name: `#${jobId}`, exact: true })).toBeVisible();
  });

  test("a toast is announced to screen readers and shown in the notifications region", async ({ page }) => {
    await page.goto("/jobs?status=dead");
    const table = page.getByRole("table", { name: "死信" });
    // The last dead job, so e2e/ops.spec.ts still finds one to replay.
    const lastJob = table.getByRole("link", { name: /^#\d+$/ }).last();
    await expect(lastJob).toBeVisible();
    await lastJob.click();
    await expect(page).toHaveURL(/\/jobs\/\d+$/);

    // Record what enters a live region: Radix fills its hidden role=status region just after the toast
    // mounts and removes it a second later, too briefly to poll for.
    await page.evaluate(() => {
      const w = window as unknown as { announced: { text: string; live: string | null }[] };
      w.announced = [];
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[role="status"][aria-live]')) {
          const text = el.textContent?.trim();
          if (text && !w.announced.some((a) => a.text === text)) w.announced.push({ text, live: el.getAttribute("aria-live") });
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await page.getByRole("button", { name: "重放", exact: true }).click();

    await expect
      .poll(() => page.evaluate(() => (window as unknown as { announced: { text: string; live: string | null }[] }).announced))
      .toContainEqual({ text: expect.stringContaining("已重放 1 个任务"), live: "polite" });
    const region = page.getByRole("region", { name: /通知/ });
    await expect(region.getByText("已重放 1 个任务")).toBeVisible();
    await region.getByRole("button", { name: "关闭通知" }).click();
    await expect(region.getByText("已重放 1 个任务")).toHaveCount(0);
  });
});
