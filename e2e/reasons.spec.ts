import { expect, test } from "@playwright/test";
import { storageFor } from "./fixtures/roles";

test.use({ storageState: storageFor("senior_agent") });

test("the Chinese order page reads a discrepancy as a sentence, with the stored text one click away", async ({ page }) => {
  // The demo seed sends an underpaid callback through the real pipeline; its order has an amount mismatch.
  await page.goto("/discrepancies");
  const link = page.getByRole("row").filter({ hasText: "金额不符" }).filter({ hasText: /DEMO-/ }).first().getByRole("link", { name: /^DEMO-/ });
  await expect(link).toBeVisible();
  await link.click();

  const timeline = page.getByRole("list", { name: "timeline" });
  // "paid 6700, order is 6800 (minor units)" as a Chinese sentence with formatted money.
  const sentence = timeline.getByText(/实付 ¥[\d,]+\.\d{2}，订单金额 ¥[\d,]+\.\d{2}/).first();
  await expect(sentence).toBeVisible();
  await expect(timeline.getByText(/\(minor units\)/)).toBeHidden();

  // The raw English form, for engineers, after one click.
  await timeline.getByRole("button", { name: "原始信息" }).first().click();
  await expect(timeline.getByText(/^paid \d+, order is \d+ \(minor units\)$/).first()).toBeVisible();
});
