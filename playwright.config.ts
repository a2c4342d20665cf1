import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// Debian's headless shell (package chromium-headless-shell: the same Blink without the browser UI, what
// Playwright itself runs headless) when installed: about a quarter less browser CPU than the full chromium on
// CI's two cores. E2E_CHROMIUM picks another binary.
const HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell";
const CHROMIUM = process.env.E2E_CHROMIUM ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium");
// Specs that change nothing another spec reads: they may run at the same time as the "console" lane. The two
// lanes are balanced by time (CI on 2026-11-27: side 784 s, console 620 s before manager-states, a read-only
// spec, moved to the console lane); the match is on the whole file name.
const SIDE_LANE = /(^|[\\/])(a11y|i18n|kpi|list-range|prefetch|reports|reviews|states)\.spec\.ts$/;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  // Two lanes: the specs that change the shared seeded database run one after another in name order (the
  // "console" project, one worker); the accessibility scans and the specs that only read (prefetch, loading and
  // error states, language switching, the KPI dashboard, reports) or change only what is theirs (the seeded
  // draft incident review) run beside them in the "side" lane (CI time).
  workers: 2,
  retries: 0,
  timeout: 60_000,
  // CI machines have been up to three times slower than a developer's for this suite (CPU-bound on two
  // cores): a page that shows in 5 s here can take 15 s there.
  expect: { timeout: process.env.CI ? 30_000 : 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // A trace records every action's DOM snapshot for every test, passing or not: on CI's two cores that is
    // minutes of the budget, so CI keeps the failure screenshot and error-context.md (the page's aria snapshot
    // and the failing step); locally the full trace of a failure is kept.
    trace: process.env.CI ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "console", testMatch: /.*\.spec\.ts/, testIgnore: SIDE_LANE, dependencies: ["setup"], workers: 1 },
    { name: "side", testMatch: SIDE_LANE, dependencies: ["setup"], workers: 1 },
  ],
  webServer: {
    command: "npx tsx --conditions=react-server scripts/e2e-server.ts",
    url: `http://127.0.0.1:${PORT}/signin`,
    // dev compiles pages on first visit; E2E_MODE=production builds first (about a minute more)
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    // TRUSTED_PROXY_HOPS=1: the tests play the one trusted proxy, giving each client its own X-Forwarded-For.
    env: { E2E_PORT: String(PORT), SIGNIN_MAX_ATTEMPTS: "5", LOG_LEVEL: "error", E2E_MODE: process.env.E2E_MODE ?? "dev", TRUSTED_PROXY_HOPS: "1" },
    stdout: "pipe",
    // lets scripts/e2e-server.ts stop Next and delete its temporary database
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
});
