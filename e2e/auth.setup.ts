import { expect, test as setup } from "@playwright/test";
import { ROLE_EMAILS, storageFor } from "./fixtures/roles";

// Independent sign-ins: both workers take a share (playwright.config.ts runs two).
setup.describe.configure({ mode: "parallel" });

for (const [role, email] of Object.entries(ROLE_EMAILS)) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("textbox", { name: "邮箱" }).fill(email);
    await page.getByLabel("密码").fill("payops-demo");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await page.context().storageState({ path: storageFor(role as keyof typeof ROLE_EMAILS) });
  });
}
