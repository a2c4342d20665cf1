// `npm run demo`: the portal with demo data on the embedded database and live simulated traffic.
//   1. migrate + seed (demo users, realistic history) in this process, then release the database;
//   2. start Next.js (scripts/serve.ts: dev mode by default, `-- --prod` for a production build) with the
//      in-process worker;
//   3. run the simulator against it: gentle sandbox traffic, a query API for the janitor, now and then an
//      outage or a burst of duplicates so every screen has something to show.
// Ctrl-C (SIGINT) or SIGTERM stops the simulator, lets the portal close the database (instrumentation.ts),
// and exits once the portal has: the embedded database is left without a lock file.
import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { FakeChannels } from "@/test/fake-channels";
import type { SimulatorHandle } from "./simulator/run-simulator";

const port = process.env.PORT ?? "3000";
const prod = process.argv.includes("--prod");
// Demo pacing: fast enough to watch retries, dead letters and the janitor within minutes.
const defaults: Record<string, string> = {
  APP_URL: `http://localhost:${port}`,
  NEXTAUTH_URL: `http://localhost:${port}`,
  DEMO_MERCHANT_FAIL_RATE: "0.2",
  // The built-in demo merchant exists only in demo mode, which production (`-- --prod`) is not by default.
  DEMO_MODE: "true",
  FULFILMENT_RETRY_SCHEDULE: "5s,15s,30s,1m",
  JANITOR_AFTER: "1m",
  JANITOR_SCHEDULE: "1m,2m,5m",
  SANDBOX_API_BASE_URL: "http://127.0.0.1:4010",
  WORKER_IN_PROCESS: "auto",
  // Its own build folder and tsconfig (which `next dev` may rewrite): a `npm run dev` next to it is not
  // disturbed, and tsconfig.json is left as committed.
  NEXT_DIST_DIR: ".next-demo",
  NEXT_TSCONFIG: "tsconfig.demo.json",
  // instrumentation.ts handles SIGINT/SIGTERM (stop the worker, close the database); scripts/serve.ts gives
  // it that long before exiting anyway.
  NEXT_MANUAL_SIG_HANDLE: "true",
  NEXT_EXIT_TIMEOUT_MS: "15000",
};
for (const [k, v] of Object.entries(defaults)) process.env[k] ??= v;

let stopping = false;
let server: ChildProcess | undefined = undefined; // assigned once Next is spawned; stop() may run before
let simulator: SimulatorHandle | undefined;
let closeSeedDb: (() => Promise<void>) | undefined;
let fakeChannels: FakeChannels | undefined = undefined; // assigned below, before the database is opened

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the demo`);
  simulator?.stop();
  await closeSeedDb?.().catch(() => undefined);
  if (server && server.exitCode === null && server.signalCode === null) {
    // Ctrl-C in a terminal reaches the portal directly too; a `kill` of this process alone does not.
    server.kill(signal);
    const exited = new Promise((r) => server!.once("exit", r));
    if ((await Promise.race([exited, sleep(20_000).then(() => "timeout")])) === "timeout") {
      console.error("portal did not stop within 20 s; killing it (the database may keep a stale lock)");
      server.kill("SIGKILL");
    }
  }
  await simulator?.close().catch(() => undefined);
  await fakeChannels?.close().catch(() => undefined);
  process.exit(signal === "SIGINT" ? 130 : 143);
}
process.on("SIGINT", (s) => void stop(s));
process.on("SIGTERM", (s) => void stop(s));

// Alert delivery: local fake receivers (the ones the tests use) play the DingTalk and WeCom robots, Aliyun SMS
// and an SMTP server, so the simulated outages produce real, signed sends visible in the delivery log.
// Channels configured in the environment are left alone.
const { startFakeChannels } = await import("@/test/fake-channels");
fakeChannels = await startFakeChannels();
for (const [k, v] of Object.entries(fakeChannels.env)) process.env[k] ??= v;
fakeChannels.onReceive = (channel) => console.log(`[alert delivery] ${channel} message received by the local fake receiver`);
// Personal notices to affected users: SMS goes to the same fake SMS receiver, app push to a local fake push
// service that verifies each signature (test/fake-channels/push-receiver.ts).
const { startFakePushReceiver } = await import("@/test/fake-channels/push-receiver");
const pushReceiver = await startFakePushReceiver();
for (const [k, v] of Object.entries(pushReceiver.env)) process.env[k] ??= v;
pushReceiver.onReceive = (p) => console.log(`[user notice] push ${p.verified ? "verified" : "REJECTED (bad signature)"}: ${String(p.payload?.title ?? "")} ${String(p.payload?.orderNo ?? "")}`);

const { getDbHandle, setDbHandle } = await import("@/db/client");
const { seedDemoUsers } = await import("@/server/auth/seed-users");
const { seedDemoData } = await import("@/server/demo/seed-demo-data");
const handle = await getDbHandle();
closeSeedDb = () => handle.close();
await seedDemoUsers(handle.db);
const seeded = await seedDemoData(handle.db);
const { seedDemoContacts } = await import("@/server/demo/seed-demo-contacts");
await seedDemoContacts(handle.db);
const { disableDemoQuietHours, enableDemoAutoPublish, notifyDemoIncidentUsers, postDemoRecovery } = await import("@/server/demo/demo-status-notices");
await enableDemoAutoPublish(handle.db);
await disableDemoQuietHours(handle.db);
console.log(seeded.skipped ? "demo data already present" : `seeded ${seeded.orders} demo orders`);
// The seeded days' sandbox statements, as imported: the simulator's bill API serves them, so "Pull now" of a
// seeded day finds the same file ("unchanged") and today's live traffic gets a statement of its own tomorrow.
const { seededSandboxStatements } = await import("@/server/recon/seed-demo-reconciliation");
const statements = await seededSandboxStatements(handle.db, new Date());

// The embedded database allows one process; hand it to the Next.js server (seeding applied callbacks through
// the inbox, whose applier polls until stopped).
const { stopProcessInboxApplier } = await import("@/server/callbacks/inbox-applier");
await stopProcessInboxApplier();
closeSeedDb = undefined;
await handle.close();
setDbHandle(undefined);
if (stopping) await new Promise(() => undefined); // stop() exits

const nextBin = "node_modules/.bin/next";
if (prod) {
  const build = spawn(nextBin, ["build"], { stdio: "inherit", env: process.env });
  const code = await new Promise<number | null>((r) => build.on("exit", r));
  if (code !== 0) process.exit(code ?? 1);
}
// scripts/serve.ts (`npm start` / `npm run dev`), not `next start`/`next dev`: it gives the app each client's
// socket address (x-payops-peer), so sign-in limits per address work without a proxy.
// node + the tsx loader, not the tsx CLI: on Ctrl-C the CLI SIGKILLs a child that has not acknowledged the
// signal within ~60 ms (a busy server under load), which would leave PGlite's lock file behind.
server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", ...(prod ? [] : ["--dev"]), "-p", port], { stdio: "inherit", env: process.env });
server.on("exit", (code, signal) => {
  if (stopping) return; // stop() exits once the simulator is closed too
  console.log(`portal exited (${code ?? signal})`);
  process.exit(code ?? 1);
});

const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (stopping) await new Promise(() => undefined);
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
  A sample merchant page with the embedded status banner: http://localhost:${port}/demo/shop
`);

// The affected users of each open incident (the seeded live outage) get their personal notices, as if ops had
// clicked "Notify affected users" on the incident page; the log shows the SMS and push deliveries.
const notifyAffected = () =>
  notifyDemoIncidentUsers(base).then(
    (r) => r.length > 0 && console.log(`[user notice] notifying the affected users of ${r.map((x) => `incident #${x.incidentId} (${x.planned})`).join(", ")}`),
    (e: unknown) => console.error(`[user notice] could not notify affected users: ${e instanceof Error ? e.message : String(e)}`),
  );
await notifyAffected();

const { startSimulator } = await import("./simulator/run-simulator");
const { getEnv } = await import("@/server/env");
const env = getEnv();
const queryPort = Number(new URL(env.SANDBOX_API_BASE_URL).port || 4010);
const scenarios = ["normal", "normal", "duplicates", "normal", "missing-callbacks", "normal", "amount-mismatch", "normal", "callback-outage"] as const;
for (let round = 0; !stopping; round++) {
  const scenario = scenarios[round % scenarios.length]!;
  simulator = await startSimulator({
    url: base,
    rate: 0.5,
    durationSec: 120,
    scenario,
    queryPort,
    merchantApiKey: env.MERCHANT_API_KEY,
    sandboxSecret: env.SANDBOX_WEBHOOK_SECRET,
    statements,
    log: (line) => console.log(`[simulator:${scenario}] ${line}`),
  });
  await simulator.done;
  if (stopping) break; // stop() closes the query API and exits
  if (scenario === "callback-outage") {
    // Users whose orders it delayed hear from us, then the outage is over: post the recovery update on the
    // notice it put up (see /demo/shop's banner go); fixed orders get their follow-up by themselves.
    await notifyAffected();
    await postDemoRecovery(base).then(
      (ids) => ids.length > 0 && console.log(`[status] recovery posted on notice ${ids.map((i) => `#${i}`).join(", ")}`),
      (e: unknown) => console.error(`[status] could not post the recovery update: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
  await simulator.close();
  simulator = undefined;
}
