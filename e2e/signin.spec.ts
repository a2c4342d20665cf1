import path from "node:path";
import { expect, test } from "@playwright/test";
import { freshIp, SCREENSHOTS } from "./fixtures/roles";

test.describe("sign-in", () => {
  test.use({ extraHTTPHeaders: { "x-forwarded-for": freshIp() } });

  test("a wrong password shows an error and stays on the sign-in page", async ({ page }) => {
    await page.goto("/orders");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Forders/);
    await expect(page.getByRole("heading", { name: "登录 PayOps" })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "signin.png") });

    await page.getByRole("textbox", { name: "邮箱" }).fill("agent@payops.local");
    await page.getByLabel("密码").fill("not-the-password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("邮箱或密码不正确。");
    await expect(page).toHaveURL(/\/signin/);
  });
});

test.describe("sign-in rate limit", () => {
  test.use({ extraHTTPHeaders: { "x-forwarded-for": freshIp("203.0.113") } });

  test("switches to English and shows the rate-limit message after too many failures", async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { name: "Sign in to PayOps" })).toBeVisible();
    const email = `nobody-${Date.now()}@payops.local`;
    // SIGNIN_MAX_ATTEMPTS is 5 for the e2e server (playwright.config.ts).
    for (let i = 0; i < 5; i++) {
      await page.getByRole("textbox", { name: "E-mail" }).fill(email);
      await page.getByLabel("Password").fill(`wrong-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong e-mail or password.");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    }
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText(/Too many attempts, try again in \d+ minutes\./);
  });
});
