import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type BrowserContext } from "@playwright/test";
import { SCREENSHOTS, storageFor } from "./fixtures/roles";

// Issue 7: only the active locale's messages reach the browser. The page's HTML carries both the rendered
// text and the flight data handed to next-intl's client provider, so a message of the other language found
// anywhere in it means that language was shipped too.
test.use({ storageState: storageFor("admin") });

const MESSAGES = path.join(import.meta.dirname, "..", "messages");

function leaves(node: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  for (const [k, v] of Object.entries(node as object)) {
    if (typeof v === "string") out.set(`${prefix}.${k}`, v);
    else leaves(v, `${prefix}.${k}`, out);
  }
  return out;
}

function messagesOf(locale: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of readdirSync(path.join(MESSAGES, locale))) {
    leaves(JSON.parse(readFileSync(path.join(MESSAGES, locale, file), "utf8")), file.replace(/\.json$/, ""), out);
  }
  return out;
}

const zh = messagesOf("zh-CN");
const en = messagesOf("en");

/**
 * Messages that only one language has, long enough not to occur by chance, in plain characters so they read
 * the same in HTML and in the escaped flight data (no quotes, ampersands or ICU braces).
 */
function onlyIn(mine: Map<string, string>, other: Map<string, string>, plain: RegExp): string[] {
  return [...mine].filter(([key, text]) => other.get(key) !== text && plain.test(text)).map(([, text]) => text);
}
const ENGLISH_ONLY = onlyIn(en, zh, /^[A-Za-z][A-Za-z0-9 ,.()-]{15,}$/);
const CHINESE_ONLY = onlyIn(zh, en, /^[\u4e00-\u9fff][\u4e00-\u9fff0-9，。、（） ]{5,}$/);

async function htmlIn(context: BrowserContext, locale: string, url: string): Promise<string> {
  await context.addCookies([{ name: "payops_locale", value: locale, url: test.info().project.use.baseURL! }]);
  const res = await context.request.get(url);
  expect(res.status(), url).toBe(200);
  return res.text();
}

test("the lists of one-language messages are long enough to mean something", () => {
  expect(ENGLISH_ONLY.length).toBeGreaterThan(40);
  expect(CHINESE_ONLY.length).toBeGreaterThan(40);
});

for (const url of ["/orders", "/jobs"]) {
  test(`${url} in Chinese ships Chinese messages and no English ones`, async ({ context }) => {
    const html = await htmlIn(context, "zh-CN", url);
    // A message of another screen: the provider received the locale's messages, not just what was rendered.
    expect(html).toContain(zh.get("signin.subtitle"));
    expect(ENGLISH_ONLY.filter((text) => html.includes(text))).toEqual([]);
  });

  test(`${url} in English ships English messages and no Chinese ones`, async ({ context }) => {
    const html = await htmlIn(context, "en", url);
    expect(html).toContain(en.get("signin.subtitle"));
    expect(CHINESE_ONLY.filter((text) => html.includes(text))).toEqual([]);
  });
}

test("the language switch changes the console's language without a locale in the URL", async ({ page }) => {
  test.setTimeout(180_000);
  await page.context().addCookies([{ name: "payops_locale", value: "zh-CN", url: test.info().project.use.baseURL! }]);
  await page.goto("/orders");
  await expect(page.getByRole("heading", { name: zh.get("orders.title"), exact: true })).toBeVisible();
  // A click before hydration is lost, and the refresh may compile in dev: click until the page answers.
  await expect(async () => {
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { name: en.get("orders.title"), exact: true })).toBeVisible({ timeout: 20_000 });
  }).toPass({ timeout: 120_000 });
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

// The English console, for the README next to the Chinese screenshots the other specs take.
test("the English console lists orders and shows an order's timeline", async ({ page }) => {
  test.setTimeout(120_000);
  await page.context().addCookies([{ name: "payops_locale", value: "en", url: test.info().project.use.baseURL! }]);
  await page.goto("/orders");
  await expect(page.getByRole("heading", { name: en.get("orders.title"), exact: true })).toBeVisible();
  const table = page.getByRole("table").first();
  await expect(table.getByRole("link").first()).toHaveText(/^[A-Z][A-Z0-9-]+$/);
  await page.screenshot({ path: path.join(SCREENSHOTS, "orders-en.png") });

  await page.getByRole("combobox", { name: en.get("orders.filter.status") }).selectOption("FULFILLED");
  // The list refetches with the filter: wait until it shows only fulfilled orders and is idle, so the row whose
  // number is read is the row clicked (CI run 13 read one row and clicked another).
  await expect(table.locator("tbody tr").filter({ hasNotText: "Fulfilled" })).toHaveCount(0);
  await expect(table).not.toHaveAttribute("aria-busy", "true");
  const first = table.getByRole("link").first();
  await expect(first).toHaveText(/^(DEMO-|SIM)/);
  const orderNo = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole("heading", { name: orderNo })).toBeVisible();
  const timeline = page.getByRole("list", { name: "timeline" });
  await expect(timeline.getByText(en.get("tl.callback.notify")!).first()).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: zh.get("nav.orders") })).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, "order-timeline-en.png"), fullPage: true });
});
