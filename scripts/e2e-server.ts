// Playwright's web server: a fresh embedded database with the demo users and data, then Next on port 3100.
// The job worker is off (WORKER_IN_PROCESS=false) so dead-lettered jobs stay dead until a test replays them.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const port = process.env.E2E_PORT ?? "3100";
const dataDir = mkdtempSync(path.join(tmpdir(), "payops-e2e-"));
process.env.PGLITE_DIR = dataDir;
process.env.WORKER_IN_PROCESS = "false";
process.env.APP_URL = `http://127.0.0.1:${port}`;
process.env.NEXTAUTH_URL = `http://127.0.0.1:${port}`;
delete process.env.DATABASE_URL;
if (process.env.E2E_MODE === "production") {
  // Production refuses the demo secrets (server/env.ts); fresh random ones per run, set before seeding so
  // the seeded callbacks are signed with the same sandbox secret the server verifies with.
  for (const key of ["NEXTAUTH_SECRET", "MERCHANT_API_KEY", "CRON_SECRET", "SANDBOX_WEBHOOK_SECRET", "FULFILMENT_WEBHOOK_SECRET"]) {
    process.env[key] ??= randomBytes(24).toString("base64url");
  }
}

const { openDb } = await import("@/db/client");
const { seedDemoUsers } = await import("@/server/auth/seed-users");

const handle = await openDb({ driver: "pglite", dataDir });
await seedDemoUsers(handle.db);
// The sign-out test's own user (e2e/fixtures/roles.ts): its sign-out must not revoke any stored role session.
const { SIGN_OUT_USER } = await import("../e2e/fixtures/roles");
const { addUser } = await import("@/server/auth/add-user");
const { systemActor } = await import("@/server/audit/write-audit");
await addUser(handle.db, SIGN_OUT_USER, systemActor("e2e-server"));
try {
  const { seedDemoData } = await import("@/server/demo/seed-demo-data");
  const r = await seedDemoData(handle.db);
  console.log(`[e2e-server] demo data: ${r.orders} orders`);
} catch (e) {
  // The demo seeder is someone else's module; if it cannot run, the suite still has orders to look at.
  console.warn(`[e2e-server] seedDemoData failed (${(e as Error).message}); using the e2e fixture`);
  const { seedE2eFixture } = await import("../e2e/fixtures/seed-fixture");
  await seedE2eFixture(handle.db);
}
// The sandbox provider's query API ("Query now"), answering for the orders reserved for e2e/agent-desk.spec.ts
// (paid at the provider, not updated here); the Next server below reads its address from the environment.
const { startSandboxQueryServer } = await import("./simulator/sandbox-query-server");
const { deskSandboxLedger } = await import("@/server/briefs/seed-demo-desk");
const { getEnv } = await import("@/server/env");
const sandboxApi = await startSandboxQueryServer({ secret: getEnv().SANDBOX_WEBHOOK_SECRET, port: 0, ledger: deskSandboxLedger() });
process.env.SANDBOX_API_BASE_URL = sandboxApi.baseUrl;
// PGlite allows one process per data directory: release it before Next opens it (seeding applied callbacks
// through the inbox, whose applier polls until stopped).
const { stopProcessInboxApplier } = await import("@/server/callbacks/inbox-applier");
await stopProcessInboxApplier();
await handle.close();

// Own build directory and tsconfig, so a developer's `next dev` (.next) and tsconfig.json are untouched.
const nextBin = path.join("node_modules", ".bin", "next");
const nextEnv = { ...process.env, NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-e2e", NEXT_TSCONFIG: process.env.NEXT_TSCONFIG ?? "tsconfig.e2e.json" };
// E2E_MODE=production: `next build` then our server (`npm start`: what we ship); default: dev mode (fast to
// start). E2E_SKIP_BUILD: serve an existing build (CI builds in its own section; e2e/client-address.spec.ts).
const production = process.env.E2E_MODE === "production";
if (production && !process.env.E2E_SKIP_BUILD) {
  const build = spawnSync(nextBin, ["build"], { stdio: "inherit", env: { ...nextEnv, NODE_ENV: "production" } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// scripts/serve.ts, not `next start`/`next dev`: it gives the app the socket address (x-payops-peer).
const tsxBin = path.join("node_modules", ".bin", "tsx");
const next = spawn(tsxBin, ["scripts/serve.ts", ...(production ? [] : ["--dev"]), "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env: nextEnv });
const stop = () => next.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
next.on("exit", (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
