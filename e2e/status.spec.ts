import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SCREENSHOTS } from "./fixtures/roles";

// Issue 9: the public status page, signed out, from the seeded data (server/status/seed-demo-status.ts): the
// live outage's automatic "busy" notice, the outage of 3 days ago with its whole timeline, and tomorrow's
// maintenance. No session, no cookie; the Atom feed parses.

async function expectNoCookie(page: Page, url: string) {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  expect(res.headers()["set-cookie"], url).toBeUndefined();
  return res;
}

test.describe("zh-CN", () => {
  test.use({ locale: "zh-CN" });

  test("the status page shows the outage, the history bars, the maintenance and the resolved notice", async ({ page }) => {
    const res = await page.goto("/status");
    expect(res!.headers()["set-cookie"]).toBeUndefined();
    await expect(page.getByRole("heading", { level: 1, name: "服务状态" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "部分支付可能比平时慢" })).toBeVisible();

    const active = page.getByRole("region", { name: "当前通知" });
    const busy = active.getByRole("article").filter({ hasText: "系统繁忙 / 支付可能延迟" }).first();
    await expect(busy).toBeVisible();
    await expect(busy).toContainText("自动发布");
    await expect(busy).toContainText("订单状态更新");

    const services = page.getByRole("region", { name: "各项服务" });
    await expect(services.getByRole("heading", { name: "支付宝支付" })).toBeVisible();
    const bars = services.getByRole("list", { name: "订单状态更新 · 过去 90 天" }).getByRole("listitem");
    await expect(bars).toHaveCount(90);
    await expect(bars.last()).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2}：性能下降$/);

    const scheduled = page.getByRole("region", { name: "计划维护" });
    await expect(scheduled.getByRole("heading", { name: "系统升级通知" })).toBeVisible();
    await expect(scheduled).toContainText("维护时间：");

    const recent = page.getByRole("region", { name: "最近已解决" });
    // The seeded outage of three days ago: the oldest resolved "busy" notice (the notice specs resolve newer ones).
    const past = recent.getByRole("article").filter({ hasText: "系统繁忙 / 支付可能延迟" }).last();
    await past.locator("summary").click();
    await expect(past.getByRole("listitem")).toHaveCount(4);
    await expect(past.getByRole("listitem").first()).toContainText("已恢复");
    await page.screenshot({ path: path.join(SCREENSHOTS, "status-zh.png"), fullPage: true });
  });

  test("the JSON and the Atom feed: no cookie, the feed is valid XML with entries", async ({ page }) => {
    const api = await expectNoCookie(page, "/api/status?locale=zh-CN");
    expect(api.headers()["cache-control"]).toBe("public, max-age=5, s-maxage=10, stale-while-revalidate=30");
    expect(api.headers()["access-control-allow-origin"]).toBe("*");
    const json = await api.json();
    expect(json.banner).not.toBeNull();

    const feed = await expectNoCookie(page, "/status/feed.xml?locale=en");
    expect(feed.headers()["content-type"]).toContain("application/atom+xml");
    const xml = await feed.text();
    await page.goto("/status");
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "application/xml");
      const ns = "http://www.w3.org/2005/Atom";
      return {
        error: doc.getElementsByTagName("parsererror").length,
        root: doc.documentElement.namespaceURI + " " + doc.documentElement.localName,
        feedTitle: doc.documentElement.getElementsByTagNameNS(ns, "title")[0]?.textContent,
        entries: [...doc.getElementsByTagNameNS(ns, "entry")].map((e) => ({
          id: e.getElementsByTagNameNS(ns, "id")[0]?.textContent ?? "",
          title: e.getElementsByTagNameNS(ns, "title")[0]?.textContent ?? "",
          updated: e.getElementsByTagNameNS(ns, "updated")[0]?.textContent ?? "",
        })),
      };
    }, xml);
    expect(parsed.error).toBe(0);
    expect(parsed.root).toBe("http://www.w3.org/2005/Atom feed");
    expect(parsed.feedTitle).toBe("PayOps service status");
    expect(parsed.entries.length).toBeGreaterThanOrEqual(3);
    for (const e of parsed.entries) {
      expect(e.id).toMatch(/\/status#notice-\d+$/);
      expect(e.title.length).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(e.updated))).toBe(false);
    }
    expect(parsed.entries.map((e) => e.title)).toContain("Scheduled maintenance · Scheduled");
  });
});

test.describe("en", () => {
  test.use({ locale: "en-US" });

  test("the same page in English, and on a phone", async ({ page }) => {
    await page.goto("/status");
    await expect(page.getByRole("heading", { level: 1, name: "Service status" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Current notices" }).getByRole("heading", { name: "High load: payments may be delayed" }).first()).toBeVisible();
    await expect(page.getByRole("region", { name: "Scheduled maintenance" })).toContainText("Maintenance window:");
    await expect(page.getByRole("listitem").filter({ hasText: "Degraded performance" }).first()).toBeAttached();
    await page.screenshot({ path: path.join(SCREENSHOTS, "status-en.png"), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/status");
    await expect(page.getByRole("heading", { level: 1, name: "Service status" })).toBeVisible();
    // No sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "status-mobile.png"), fullPage: true });
  });
});
