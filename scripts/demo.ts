// `npm run demo`: the portal with demo data on the embedded database and live simulated traffic.
//   1. migrate + seed (demo users, realistic history) in this process, then release the database;
//   2. start Next.js (dev server by default, `-- --prod` for a production build) with the in-process worker;
//   3. run the simulator against it: gentle sandbox traffic, a query API for the janitor, now and then an
//      outage or a burst of duplicates so every screen has something to show.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

const port = process.env.PORT ?? "3000";
const prod = process.argv.includes("--prod");
// Demo pacing: fast enough to watch retries, dead letters and the janitor within minutes.
const defaults: Record<string, string> = {
  APP_URL: `http://localhost:${port}`,
  NEXTAUTH_URL: `http://localhost:${port}`,
  DEMO_MERCHANT_FAIL_RATE: "0.2",
  FULFILMENT_RETRY_SCHEDULE: "5s,15s,30s,1m",
  JANITOR_AFTER: "1m",
  JANITOR_SCHEDULE: "1m,2m,5m",
  SANDBOX_API_BASE_URL: "http://127.0.0.1:4010",
  WORKER_IN_PROCESS: "auto",
};
for (const [k, v] of Object.entries(defaults)) process.env[k] ??= v;

const { getDbHandle, setDbHandle } = await import("@/db/client");
const { seedDemoUsers } = await import("@/server/auth/seed-users");
const { seedDemoData } = await import("@/server/demo/seed-demo-data");
const handle = await getDbHandle();
await seedDemoUsers(handle.db);
const seeded = await seedDemoData(handle.db);
console.log(seeded.skipped ? "demo data already present" : `seeded ${seeded.orders} demo orders`);
// The embedded database allows one process; hand it to the Next.js server.
await handle.close();
setDbHandle(undefined);

const nextBin = "node_modules/.bin/next";
if (prod) {
  const build = spawn(nextBin, ["build"], { stdio: "inherit", env: process.env });
  const code = await new Promise<number | null>((r) => build.on("exit", r));
  if (code !== 0) process.exit(code ?? 1);
}
const server = spawn(nextBin, [prod ? "start" : "dev", "-p", port], { stdio: "inherit", env: process.env });
server.on("exit", (code) => {
  console.log(`portal exited (${code})`);
  process.exit(code ?? 0);
});
const stop = () => {
  server.kill("SIGTERM");
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    const r = await fetch(`${base}/api/health`);
    if (r.ok) break;
  } catch {
    // not up yet
  }
  if (i > 600) throw new Error("portal did not become healthy in 5 minutes");
  await sleep(500);
}
console.log(`
  PayOps demo is running: http://localhost:${port}
  Sign in with any demo user (password payops-demo):
    agent@payops.local  senior@payops.local  finance@payops.local
    ops@payops.local    manager@payops.local admin@payops.local
  Simulated sandbox traffic is flowing; Ctrl-C stops everything.
`);

const { runSimulator } = await import("./simulator/run-simulator");
const { getEnv } = await import("@/server/env");
const env = getEnv();
const queryPort = Number(new URL(env.SANDBOX_API_BASE_URL).port || 4010);
const scenarios = ["normal", "normal", "duplicates", "normal", "missing-callbacks", "normal", "amount-mismatch", "normal", "callback-outage"] as const;
for (let round = 0; ; round++) {
  const scenario = scenarios[round % scenarios.length]!;
  await runSimulator({
    url: base,
    rate: 0.5,
    durationSec: 120,
    scenario,
    queryPort,
    merchantApiKey: env.MERCHANT_API_KEY,
    sandboxSecret: env.SANDBOX_WEBHOOK_SECRET,
    log: (line) => console.log(`[simulator:${scenario}] ${line}`),
  });
}
