import { expect, test, type Locator, type Page } from "@playwright/test";
import { signedIn } from "./fixtures/roles";
import { msg } from "./fixtures/messages";

// Issue 12's drill-down lands on a list narrowed to ?from=&to= (lib/list-range.ts). For each list: take the
// time of a seeded row, open the list on the one second it shows, see the chip in the business zone
// (Asia/Shanghai, the seeded default) and only rows of that second, then × shows everything again. A window in
// 2020 says nothing matches (not the list's own "nothing yet"). Reads only: the seeded database is shared with the other specs.


const WALL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
/** A business-zone wall clock as the lists show it ("2026-11-27 14:03:09") → the instant. */
const instantOf = (wall: string) => new Date(`${wall.replace(" ", "T")}+08:00`);

/** The texts of one column (found by its header's label) in every body row of the table. */
async function columnTexts(table: Locator, label: string): Promise<string[]> {
  return table.evaluate((el, label) => {
    const headers = [...el.querySelectorAll("thead th")];
    const index = headers.findIndex((th) => th.textContent?.startsWith(label));
    if (index < 0) throw new Error(`no column ${label}`);
    return [...el.querySelectorAll("tbody tr")].map((tr) => tr.querySelectorAll("td")[index]?.textContent?.trim() ?? "");
  }, label);
}

interface List {
  path: string;
  /** The chip's field (table.rangeField) and the messages naming the table, its time column and its empty state. */
  field: "created" | "received" | "opened";
  table: (l: string) => string;
  column: (l: string) => string;
  empty: (l: string) => string;
}

const LISTS: List[] = [
  { path: "/orders", field: "created", table: (l) => msg(l, "orders", "title"), column: (l) => msg(l, "orders", "col.created"), empty: (l) => msg(l, "orders", "empty") },
  { path: "/callbacks", field: "received", table: (l) => msg(l, "callbacks", "title"), column: (l) => msg(l, "callbacks", "col.received"), empty: (l) => msg(l, "callbacks", "empty") },
  { path: "/refunds?tab=all", field: "created", table: (l) => msg(l, "refunds", "tab.all"), column: (l) => msg(l, "refunds", "col.created"), empty: (l) => msg(l, "refunds", "empty.all") },
  { path: "/tickets?status=all", field: "created", table: (l) => msg(l, "tickets", "list.tab.all"), column: (l) => msg(l, "tickets", "list.col.created"), empty: (l) => msg(l, "tickets", "list.empty") },
  { path: "/incidents?status=all", field: "opened", table: (l) => msg(l, "incidents", "list.tab.all"), column: (l) => msg(l, "incidents", "list.col.opened"), empty: (l) => msg(l, "incidents", "list.empty.other") },
  { path: "/user-notices", field: "created", table: (l) => msg(l, "userNotices", "log.title"), column: (l) => msg(l, "userNotices", "log.col.createdAt"), empty: (l) => msg(l, "userNotices", "log.empty") },
];

async function open(page: Page, href: string, tableName: string): Promise<Locator> {
  await page.goto(href);
  const table = page.getByRole("table", { name: tableName, exact: true });
  return table;
}

const locale = "zh-CN";

for (const list of LISTS) {
  test(`${list.path.split("?")[0]}: a window from the URL narrows the list, its chip shows it in the business zone, × clears it`, async ({ browser }) => {
    test.setTimeout(180_000);
    const { context, page } = await signedIn(browser, "admin");
    const table = await open(page, list.path, list.table(locale));
    await expect(table.getByRole("row").nth(1)).toBeVisible();
    const all = await columnTexts(table, list.column(locale));
    const wall = all.find((t) => WALL.test(t));
    expect(wall, `a seeded row with a time in ${list.path}`).toBeTruthy();
    const from = instantOf(wall!);
    const to = new Date(from.getTime() + 1000);
    const sep = list.path.includes("?") ? "&" : "?";
    const narrowed = await open(page, `${list.path}${sep}from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`, list.table(locale));
    const chip = page.getByTestId("range-chip");
    // 16:00Z shows as the next day's 00:00 in Shanghai: the chip is the business zone's wall clock, not UTC.
    await expect(chip).toContainText(wall!);
    await expect(chip).toContainText(msg(locale, "table", `rangeField.${list.field}`));
    await expect(narrowed.getByRole("row").nth(1)).toBeVisible();
    const inside = await columnTexts(narrowed, list.column(locale));
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.every((t) => t === wall)).toBe(true);

    await chip.getByRole("link", { name: msg(locale, "table", "clearRange") }).click();
    await expect(page).not.toHaveURL(/[?&]from=/);
    await expect(chip).toHaveCount(0);
    await expect(table.getByRole("row").nth(1)).toBeVisible();
    expect((await columnTexts(table, list.column(locale))).length).toBeGreaterThanOrEqual(inside.length);
    await context.close();
  });
}

test("a window with nothing in it says nothing matches the filter (not the list's \"nothing yet\"), with the chip", async ({ browser }) => {
  test.setTimeout(180_000);
  const { context, page } = await signedIn(browser, "admin");
  const window = `from=${encodeURIComponent("2020-01-01T16:00:00.000Z")}&to=${encodeURIComponent("2020-01-02T16:00:00.000Z")}`;
  for (const list of LISTS) {
    await page.goto(`${list.path}${list.path.includes("?") ? "&" : "?"}${window}`);
    await expect(page.getByTestId("range-chip")).toContainText("2020-01-02 00:00:00");
    await expect(page.getByText(msg(locale, "table", "emptyFiltered"))).toBeVisible();
    await expect(page.getByText(list.empty(locale), { exact: true })).toHaveCount(0);
  }
  await context.close();
});

test("?provider= from the dashboard filters the incidents list; the filter shows it and clearing it keeps the tab", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await signedIn(browser, "admin");
  const all = await open(page, "/incidents?status=all", msg(locale, "incidents", "list.tab.all"));
  await expect(all.getByRole("row").nth(1)).toBeVisible();
  const scopes = await columnTexts(all, msg(locale, "incidents", "list.col.scope"));
  // The demo has an incident on one provider: filter by it, and by another that it is not.
  const provider = (["alipay", "wechatpay", "stripe", "sandbox"] as const).find((p) => scopes.includes(msg(locale, "provider", p)))!;
  expect(provider, `no provider-scoped incident among ${scopes.join(", ")}`).toBeDefined();

  const filtered = await open(page, `/incidents?status=all&provider=${provider}`, msg(locale, "incidents", "list.tab.all"));
  await expect(filtered.getByRole("row").nth(1)).toBeVisible();
  const select = page.getByRole("combobox", { name: msg(locale, "table", "provider") });
  await expect(select).toHaveValue(provider);
  const shown = await columnTexts(filtered, msg(locale, "incidents", "list.col.scope"));
  expect(shown.length).toBeGreaterThan(0);
  // That provider's incidents and the platform-wide ones, nothing else.
  expect(shown.filter((s) => s !== msg(locale, "provider", provider) && s !== msg(locale, "alerts", "scope.all"))).toEqual([]);

  // Another tab keeps the provider; "all providers" drops it from the URL and keeps the tab.
  await page.getByRole("tab", { name: msg(locale, "incidents", "list.tab.resolved") }).click();
  await expect(page).toHaveURL(new RegExp(`status=resolved.*provider=${provider}|provider=${provider}.*status=resolved`));
  await select.selectOption("");
  await expect(page).toHaveURL(/\/incidents\?status=resolved$/);
  await context.close();
});
