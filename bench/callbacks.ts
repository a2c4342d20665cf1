import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import type http from "node:http";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import pg from "pg";
import { signSandboxPayload } from "@/server/providers/sandbox/sign";
import { allProcStats, buildForBench, cpuMsOfPostgres, createDatabase, dropDatabase, eventFor, insertOrders, keepAliveAgent, median, percentile, runLoad, summarize, waitForHttp, withDuplicates, procStat, runQueueWaitMs, type BenchOrder, type CallbackEvent, type Summary } from "./lib";
import { setupNaiveSchema } from "./naive-server";

// `npm run bench:callbacks [-- --applier in-process|worker --orders 6000 --rounds 6 --warmup 3000 --concurrency 32 --seconds 120 --dup 0.1 --skip-build --keep-db --cpu-prof --heap-prof --pg <admin url> --port 3200 --db-prefix payops_bench]`
//
// Four targets, one production build, interleaved A B C D for --rounds rounds, same signed sandbox
// requests (10% resent duplicates, shuffled identically), 32 keep-alive connections per target, opened by the
// warm-up and kept for all rounds (as a provider's client keeps them), loopback only:
//   A  PayOps            POST /api/callbacks/sandbox            (npm start = scripts/serve.ts, own database)
//   B  naive http + pg   bench/naive-server.ts                  (bare node:http, own database)
//   C  Next.js floor     POST /api/callbacks/none → 404, no DB  (same server)
//   D  naive in Next     POST /api/bench/naive-intake           (same server, B's statements, own database)
// Then: every unique event applied exactly once (PayOps: after its inbox drained), the apply lag, the CPU
// the Next.js process spent per callback (/proc utime+stime of its process tree), and a 500-callback storm
// (100 orders × 5 copies at once). Results: stdout and bench/results/; write-up: docs/PERFORMANCE.md.

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1]!.startsWith("--") ? process.argv[i + 1]! : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const ORDERS = Number(arg("orders", "6000"));
// Warm-up per target: PayOps' code reaches its steady speed after some 2,000–3,000 callbacks (JIT), the others sooner.
const WARMUP = Number(arg("warmup", "3000"));
const CONCURRENCY = Number(arg("concurrency", "32"));
const MAX_MS = Number(arg("seconds", "120")) * 1000;
const DUP_RATE = Number(arg("dup", "0.1"));
const ADMIN_URL = arg("pg", "postgres://payops:payops@127.0.0.1:5432/postgres");
const APP_PORT = Number(arg("port", "3200"));
const NAIVE_PORT = APP_PORT + 1;
const DIST_DIR = ".next-bench";
const RESULTS_DIR = path.resolve("bench", "results");
const DB_PREFIX = arg("db-prefix", "payops_bench");
const APP_DB = `${DB_PREFIX}_app`;
const NAIVE_DB = `${DB_PREFIX}_naive`;
const NAIVE_NEXT_DB = `${DB_PREFIX}_naive_next`;
const ROUNDS = Math.max(1, Number(arg("rounds", "6")));
const STORM_ORDERS = 100;
const STORM_COPIES = 5;
const POOL_MAX = 10;
/** Who applies PayOps' inbox: the web process itself (default), or `--applier worker`, a process of its own. */
const APPLIER = arg("applier", "in-process");
if (APPLIER !== "in-process" && APPLIER !== "worker") throw new Error(`--applier must be in-process or worker, not ${APPLIER}`);

const runId = new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15);
const secret = randomBytes(24).toString("hex");
// Production refuses demo secrets; these live for one run.
const prodSecrets = {
  NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
  MERCHANT_API_KEY: randomBytes(16).toString("hex"),
  CRON_SECRET: randomBytes(16).toString("hex"),
  SANDBOX_WEBHOOK_SECRET: secret,
  FULFILMENT_WEBHOOK_SECRET: randomBytes(16).toString("hex"),
};

const children = new Set<ChildProcess>();
const cleanup = () => {
  for (const c of children) c.kill("SIGKILL");
};
process.on("SIGINT", () => {
  cleanup();
  process.exit(130);
});

function orderList(prefix: string, n: number): BenchOrder[] {
  // Amounts vary so a mix-up between orders would show as discrepancies instead of payments.
  return Array.from({ length: n }, (_, i) => ({ orderNo: `${prefix}${runId}${String(i).padStart(6, "0")}`, amountMinor: 100 + ((i * 7919) % 99_900), currency: "CNY" }));
}

const benchOrders = orderList("BENCH", ORDERS);
const warmOrders = orderList("WARM", WARMUP);
const paidAt = new Date();
const uniqueEvents = benchOrders.map((o, i) => eventFor(o, runId, i, paidAt));
const requests = withDuplicates(uniqueEvents, DUP_RATE);
const warmRequests = warmOrders.map((o, i) => eventFor(o, `${runId}w`, i, paidAt));
const stormOrders = orderList("STORM", STORM_ORDERS);
// 100 orders × 5 byte-identical copies, interleaved so copies of one order arrive together.
const stormRequests = Array.from({ length: STORM_COPIES }, () => stormOrders.map((o, i) => eventFor(o, `${runId}s`, i, paidAt))).flat();
const rounds = Array.from({ length: ROUNDS }, (_, r) => requests.slice(Math.floor((r * requests.length) / ROUNDS), Math.floor(((r + 1) * requests.length) / ROUNDS)));
const sign = (body: string) => signSandboxPayload(secret, body, Date.now() / 1000);

async function count(url: string, text: string, params: unknown[] = []): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(text, params);
    return Number(r.rows[0]!.n);
  } finally {
    await c.end();
  }
}

function startChild(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, `${name}-${runId}.log`);
  const fd = openSync(logFile, "a");
  const child = spawn(cmd, args, { env, stdio: ["ignore", fd, fd] });
  children.add(child);
  child.on("exit", () => children.delete(child));
  console.log(`  ${name}: pid ${child.pid}, log ${path.relative(process.cwd(), logFile)}`);
  return child;
}

async function waitForLine(file: string, line: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`${path.basename(file)}: the process exited before "${line}"`);
    if (readFileSync(file, "utf8").includes(line)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path.basename(file)}: no "${line}" within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function verifyCommon(s: Summary, sentUnique: number, expect2xx = true): string[] {
  const problems: string[] = [];
  if (s.fiveXx > 0) problems.push(`${s.fiveXx} responses were 5xx`);
  if (s.networkErrors > 0) problems.push(`${s.networkErrors} network errors`);
  const non2xx = Object.entries(s.statuses).filter(([code]) => !code.startsWith("2"));
  if (expect2xx && non2xx.length) problems.push(`non-2xx answers: ${JSON.stringify(Object.fromEntries(non2xx))}`);
  if (sentUnique === 0) problems.push("no requests were sent");
  return problems;
}

// CPU of a process and its descendants, from /proc: user and system time, and the share of the root's main
// thread (JavaScript) against its other threads (V8's garbage-collector and compiler helpers, libuv's pool).
interface Cpu {
  user: number;
  system: number;
  mainThread: number;
  /** The main thread's time runnable but waiting for a CPU (schedstat), not counted in mainThread. */
  mainThreadRunQueue: number;
}
const NO_CPU: Cpu = { user: 0, system: 0, mainThread: 0, mainThreadRunQueue: 0 };
function cpuOfTree(rootPid: number): Cpu {
  const stats = allProcStats();
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 16; hops++) {
      if (p === rootPid) return true;
      p = stats.get(p)?.ppid ?? 0;
    }
    return false;
  };
  const cpu = { ...NO_CPU };
  for (const [pid, s] of stats) {
    if (!inTree(pid)) continue;
    cpu.user += s.userMs;
    cpu.system += s.systemMs;
  }
  const main = procStat(`/proc/${rootPid}/task/${rootPid}/stat`);
  cpu.mainThread = main ? main.userMs + main.systemMs : 0;
  cpu.mainThreadRunQueue = runQueueWaitMs(`/proc/${rootPid}/task/${rootPid}/schedstat`);
  return cpu;
}
const total = (c: Cpu) => c.user + c.system;

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Waits until no verified callback is waiting to be applied (immediately true for a synchronous intake). */
async function waitForInboxDrained(url: string, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  return withClient(url, async (c) => {
    for (;;) {
      const r = await c.query<{ n: string }>("SELECT count(*) AS n FROM callback_events WHERE verification = 'verified' AND outcome = 'received'");
      if (Number(r.rows[0]!.n) === 0) return performance.now() - t0;
      if (performance.now() - t0 > timeoutMs) throw new Error(`inbox not drained after ${timeoutMs} ms (${r.rows[0]!.n} waiting)`);
      await new Promise((res) => setTimeout(res, 10));
    }
  });
}

interface Target {
  key: "A" | "B" | "C" | "D";
  name: string;
  url: string;
  pid: () => number | undefined;
  /** A second process whose CPU counts for this target (PayOps' apply worker). */
  extraPid?: () => number | undefined;
  results: { sent: number; elapsedMs: number; latenciesMs: number[]; statuses: Record<string, number>; networkErrors: number; firstErrors: string[] };
  /** CPU of the serving process(es): user and system time, and the (web process's) main thread's share. */
  cpu: Cpu;
  /** CPU of the PostgreSQL server processes meanwhile (all databases: only this target's load runs). */
  postgresMs: number;
  /** CPU of this benchmark process meanwhile (signing and sending the requests, reading the answers). */
  loadMs: number;
  drainMs: number[];
  /** The requests actually sent (a target that hits --seconds stops early). */
  sent: CallbackEvent[];
  /** This target's CONCURRENCY keep-alive connections, opened by the warm-up and used by every round. */
  agent: http.Agent;
  /** The warm-up: its first CONCURRENCY requests open the connections all at once. */
  warmUp?: Summary;
  /** Each round's figures on their own (the ratios per round: a slow minute of the VM falls in one round). */
  rounds: Summary[];
  /** When each round ran, in microseconds of the monotonic clock V8's profiles use (bench/profile-diff.ts). */
  windows: { startUs: number; endUs: number; requests: number }[];
}

/** Every target's connections, closed when the run ends. */
const agents = new Set<http.Agent>();
const track = (a: http.Agent) => (agents.add(a), a);

function newTarget(key: Target["key"], name: string, url: string, pid: () => number | undefined, extraPid?: () => number | undefined): Target {
  return { key, name, url, pid, extraPid, results: { sent: 0, elapsedMs: 0, latenciesMs: [], statuses: {}, networkErrors: 0, firstErrors: [] }, cpu: { ...NO_CPU }, postgresMs: 0, loadMs: 0, drainMs: [], sent: [], agent: track(keepAliveAgent(CONCURRENCY)), rounds: [], windows: [] };
}

/** CPU of a target's serving processes: its server, plus PayOps' apply worker if any (main thread: the server's). */
function cpuOfTarget(t: Target): Cpu {
  const pid = t.pid();
  if (!pid) return { ...NO_CPU };
  const c = cpuOfTree(pid);
  const extra = t.extraPid?.();
  if (!extra) return c;
  const e = cpuOfTree(extra);
  return { user: c.user + e.user, system: c.system + e.system, mainThread: c.mainThread, mainThreadRunQueue: c.mainThreadRunQueue };
}

/** Shares of the rounds' wall time the server's main thread spent running, waiting for a CPU, and idle. */
function mainThreadShares(t: Target): { running: number; runQueue: number; idle: number } {
  const wallMs = t.windows.reduce((sum, w) => sum + (w.endUs - w.startUs) / 1000, 0);
  if (wallMs <= 0) return { running: 0, runQueue: 0, idle: 0 };
  const running = t.cpu.mainThread / wallMs;
  const runQueue = t.cpu.mainThreadRunQueue / wallMs;
  return { running, runQueue, idle: Math.max(0, 1 - running - runQueue) };
}

async function runChunk(t: Target, chunk: CallbackEvent[], afterLoad?: () => Promise<number>): Promise<void> {
  const cpu0 = cpuOfTarget(t);
  const pg0 = cpuMsOfPostgres();
  const self0 = process.cpuUsage();
  const startUs = Number(process.hrtime.bigint() / 1000n);
  const r = await runLoad({ url: t.url, requests: chunk, sign, concurrency: CONCURRENCY, maxMs: MAX_MS, agent: t.agent });
  // PayOps applies asynchronously: the CPU of applying belongs to the callbacks, so count until drained.
  if (afterLoad) t.drainMs.push(await afterLoad());
  t.windows.push({ startUs, endUs: Number(process.hrtime.bigint() / 1000n), requests: r.sent });
  t.postgresMs += cpuMsOfPostgres() - pg0;
  const self = process.cpuUsage(self0);
  t.loadMs += (self.user + self.system) / 1000;
  const cpu1 = cpuOfTarget(t);
  t.cpu.user += cpu1.user - cpu0.user;
  t.cpu.system += cpu1.system - cpu0.system;
  t.cpu.mainThread += cpu1.mainThread - cpu0.mainThread;
  t.cpu.mainThreadRunQueue += cpu1.mainThreadRunQueue - cpu0.mainThreadRunQueue;
  t.sent.push(...chunk.slice(0, r.sent));
  t.rounds.push(summarize(`${t.name} round ${t.rounds.length + 1}`, r));
  const acc = t.results;
  acc.sent += r.sent;
  acc.elapsedMs += r.elapsedMs;
  acc.latenciesMs.push(...r.latenciesMs);
  for (const [k, v] of Object.entries(r.statuses)) acc.statuses[k] = (acc.statuses[k] ?? 0) + v;
  acc.networkErrors += r.networkErrors;
  acc.firstErrors.push(...r.firstErrors.slice(0, 5 - acc.firstErrors.length));
}

async function exactlyOnce(url: string, payops: boolean, sent: CallbackEvent[]): Promise<{ problems: string[]; line: string }> {
  const sentUnique = new Set(sent.map((r) => r.eventId)).size;
  const sentOrders = new Set(sent.map((r) => r.orderNo)).size;
  const paid = await count(url, `SELECT count(*) AS n FROM orders WHERE order_no LIKE 'BENCH%' AND status IN ('PAID', 'FULFILLED')`);
  const events = await count(url, "SELECT count(*) AS n FROM payment_events WHERE order_no LIKE 'BENCH%'");
  const problems: string[] = [];
  if (paid !== sentOrders) problems.push(`orders PAID ${paid} ≠ unique orders ${sentOrders}`);
  if (events !== sentUnique) problems.push(`payment_events ${events} ≠ unique events ${sentUnique}`);
  let line = `orders PAID ${paid}/${sentOrders}, payment_events ${events}/${sentUnique}`;
  if (payops) {
    const raw = await count(url, `SELECT count(*) AS n FROM callback_events WHERE body LIKE '%"orderNo":"BENCH%'`);
    const applied = await count(url, "SELECT count(*) AS n FROM callback_events WHERE order_no LIKE 'BENCH%' AND outcome = 'applied'");
    const audits = await count(url, "SELECT count(*) AS n FROM audit_logs WHERE entity_id LIKE 'BENCH%' AND action = 'order.paid'");
    const fulfil = await count(url, "SELECT count(*) AS n FROM jobs WHERE order_no LIKE 'BENCH%' AND type = 'order.fulfil'");
    if (applied !== sentUnique) problems.push(`callbacks applied ${applied} ≠ unique events ${sentUnique}`);
    if (raw !== sent.length) problems.push(`raw callback rows ${raw} ≠ requests ${sent.length}`);
    if (audits !== sentOrders) problems.push(`order.paid audit rows ${audits} ≠ orders ${sentOrders}`);
    if (fulfil !== sentOrders) problems.push(`fulfilment jobs ${fulfil} ≠ orders ${sentOrders}`);
    line += `, applied ${applied}, order.paid audits ${audits}, fulfilment jobs ${fulfil}, raw callbacks stored ${raw}/${sent.length}`;
  }
  return { problems, line };
}

/** Time from "received" to "applied or found duplicate" of each PayOps callback, from its own timestamps. */
async function applyLag(url: string): Promise<{ p50: number; p99: number; max: number; n: number }> {
  const r = await withClient(url, (c) =>
    c.query<{ ms: string }>(
      "SELECT extract(epoch from (processed_at - received_at)) * 1000 AS ms FROM callback_events WHERE order_no LIKE 'BENCH%' AND processed_at IS NOT NULL ORDER BY 1",
    ),
  );
  const ms = r.rows.map((x) => Number(x.ms));
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms[ms.length - 1] ?? Number.NaN, n: ms.length };
}

async function storm(appUrl: string, dbUrl: string): Promise<{ summary: Summary; allPaidMs: number; paid: number; ok: boolean }> {
  const t0 = performance.now();
  let allPaidMs = Number.NaN;
  let paid = 0;
  const watcher = withClient(dbUrl, async (c) => {
    while (performance.now() - t0 < 120_000) {
      paid = Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM orders WHERE order_no LIKE 'STORM%' AND status = 'PAID'")).rows[0]!.n);
      if (paid === STORM_ORDERS) {
        allPaidMs = performance.now() - t0;
        return;
      }
      await new Promise((res) => setTimeout(res, 5));
    }
  });
  const result = await runLoad({ url: appUrl, requests: stormRequests, sign, concurrency: stormRequests.length, maxMs: MAX_MS });
  await watcher;
  const summary = summarize("PayOps storm (100 orders × 5 copies at once)", result);
  const events = await count(dbUrl, "SELECT count(*) AS n FROM payment_events WHERE order_no LIKE 'STORM%'");
  const ok = summary.fiveXx === 0 && summary.networkErrors === 0 && paid === STORM_ORDERS && events === STORM_ORDERS;
  return { summary, allPaidMs, paid, ok };
}

const build = () => buildForBench(DIST_DIR, prodSecrets, flag("skip-build"));

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const pass = (ok: boolean) => (ok ? "met" : "NOT met");

async function main() {
  console.log(
    `bench:callbacks run ${runId}: ${ORDERS} orders, ${Math.round(DUP_RATE * 100)}% duplicates → ${requests.length} callbacks per target in ${ROUNDS} rounds (A B C D), ` +
      `${CONCURRENCY} connections, pool ${POOL_MAX}`,
  );
  console.log(`machine: ${cpus().length}× ${cpus()[0]?.model ?? "?"}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    try {
      await c.connect();
      return (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    } catch (e) {
      throw new Error(`PostgreSQL not reachable for the benchmark (--pg): ${(e as Error).message}`);
    } finally {
      await c.end().catch(() => {});
    }
  })();
  console.log(`postgresql ${pgVersion}`);
  build();

  console.log(`\n[setup] fresh databases ${APP_DB} (migrated), ${NAIVE_DB}, ${NAIVE_NEXT_DB}; ${ORDERS + WARMUP} orders each (+${STORM_ORDERS} storm orders for PayOps)`);
  const appUrl = await createDatabase(ADMIN_URL, APP_DB);
  const { openDb } = await import("@/db/client");
  const handle = await openDb({ driver: "pg", url: appUrl, poolMax: 1 }); // migrates
  await handle.close();
  await insertOrders(appUrl, "app", [...warmOrders, ...benchOrders, ...stormOrders]);
  const naiveUrl = await createDatabase(ADMIN_URL, NAIVE_DB);
  const naiveNextUrl = await createDatabase(ADMIN_URL, NAIVE_NEXT_DB);
  for (const u of [naiveUrl, naiveNextUrl]) {
    await setupNaiveSchema(u);
    await insertOrders(u, "naive", [...warmOrders, ...benchOrders]);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...prodSecrets,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TSCONFIG: "tsconfig.bench.json",
    DATABASE_URL: appUrl,
    DATABASE_DRIVER: "pg",
    DATABASE_POOL_MAX: String(POOL_MAX),
    APP_URL: `http://127.0.0.1:${APP_PORT}`,
    NEXTAUTH_URL: `http://127.0.0.1:${APP_PORT}`,
    // Only callbacks are measured: the fulfilment jobs they enqueue stay in the table. The callback inbox
    // applier is not a job: it runs in the web process (CALLBACK_APPLY_IN_PROCESS, default true).
    WORKER_IN_PROCESS: "false",
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "info",
    CALLBACK_APPLY_IN_PROCESS: APPLIER === "worker" ? "false" : "true",
    BENCH_NAIVE_INTAKE_URL: naiveNextUrl,
  };
  // --cpu-prof: V8 profile of the Next.js server, written to bench/results/ when it stops.
  // --heap-prof: V8's sampled allocation profile of the same process (who allocates: the GC's work).
  const profile = [
    ...(flag("cpu-prof") ? ["--cpu-prof", `--cpu-prof-dir=${RESULTS_DIR}`] : []),
    ...(flag("heap-prof") ? ["--heap-prof", `--heap-prof-dir=${RESULTS_DIR}`] : []),
    // BENCH_NEXT_NODE_FLAGS: V8 flags Node refuses in NODE_OPTIONS (e.g. "--trace-opt --trace-deopt"), server only.
    ...(process.env.BENCH_NEXT_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean),
  ];
  // What `npm start` ships: Next behind scripts/serve.ts (the socket address stamped for the client address).
  const next = startChild("next", process.execPath, [...profile, "--import", "tsx", path.join("scripts", "serve.ts"), "-p", String(APP_PORT), "-H", "127.0.0.1"], env);
  const applyWorker =
    APPLIER === "worker"
      ? startChild("apply-worker", process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("bench", "apply-worker.ts")], {
          ...env,
          CALLBACK_APPLY_POLL_INTERVAL: process.env.CALLBACK_APPLY_POLL_INTERVAL ?? "100ms",
        })
      : null;
  const naive = startChild("naive", process.execPath, ["--import", "tsx", path.join("bench", "naive-server.ts"), String(NAIVE_PORT), naiveUrl, secret, String(POOL_MAX)], process.env);
  try {
    await waitForHttp(`http://127.0.0.1:${APP_PORT}/api/health`, 60_000, () => next.exitCode === null);
    await waitForHttp(`http://127.0.0.1:${NAIVE_PORT}/health`, 30_000, () => naive.exitCode === null);
    if (applyWorker) await waitForLine(path.join(RESULTS_DIR, `apply-worker-${runId}.log`), "apply worker ready", 60_000, () => applyWorker.exitCode === null);
    const base = `http://127.0.0.1:${APP_PORT}`;
    const A = newTarget("A", APPLIER === "worker" ? "PayOps (npm start + apply worker)" : "PayOps (npm start)", `${base}/api/callbacks/sandbox`, () => next.pid, applyWorker ? () => applyWorker.pid : undefined);
    const B = newTarget("B", "naive http + pg", `http://127.0.0.1:${NAIVE_PORT}/callbacks/sandbox`, () => naive.pid);
    const C = newTarget("C", "Next.js floor (404, no DB)", `${base}/api/callbacks/none`, () => next.pid);
    const D = newTarget("D", "naive intake in Next route", `${base}/api/bench/naive-intake`, () => next.pid);
    const targets = [A, B, C, D];

    console.log(`[warm-up] ${warmRequests.length} callbacks to each target, opening its ${CONCURRENCY} connections`);
    for (const t of targets) t.warmUp = summarize(`${t.name} warm-up`, await runLoad({ url: t.url, requests: warmRequests, sign, concurrency: CONCURRENCY, maxMs: MAX_MS, agent: t.agent }));
    await waitForInboxDrained(appUrl, 60_000);
    // As pgbench does before it measures: vacuum and analyse after the set-up, so the warm-up's rows do not
    // set off autovacuum in the first rounds' windows (it ran there, on any of the three databases, in every
    // run). Autovacuum stays on for the rounds.
    for (const u of [appUrl, naiveUrl, naiveNextUrl]) await withClient(u, (c) => c.query("VACUUM (ANALYZE)"));

    for (const [r, chunk] of rounds.entries()) {
      console.log(`[round ${r + 1}/${ROUNDS}] ${chunk.length} callbacks each: A B C D (from ${new Date().toISOString().slice(11, 19)} UTC)`);
      await runChunk(A, chunk, () => waitForInboxDrained(appUrl, 60_000));
      await runChunk(B, chunk);
      await runChunk(C, chunk);
      await runChunk(D, chunk);
    }
    const planned = rounds.flat().length;
    const summaries = Object.fromEntries(targets.map((t) => [t.key, summarize(t.name, { ...t.results, planned })])) as Record<Target["key"], Summary>;
    const onceA = await exactlyOnce(appUrl, true, A.sent);
    const onceB = await exactlyOnce(naiveUrl, false, B.sent);
    const onceD = await exactlyOnce(naiveNextUrl, false, D.sent);
    const problemsA = [...verifyCommon(summaries.A, A.sent.length), ...onceA.problems];
    const problemsB = [...verifyCommon(summaries.B, B.sent.length), ...onceB.problems];
    const problemsD = [...verifyCommon(summaries.D, D.sent.length), ...onceD.problems];
    const problemsOf = { A: problemsA, B: problemsB, D: problemsD };
    for (const t of [A, B, D]) if (t.sent.length < planned) problemsOf[t.key as "A" | "B" | "D"].push(`only ${t.sent.length}/${planned} sent within --seconds (not a failure of exactly-once)`);
    const lag = await applyLag(appUrl);

    console.log(`[storm] ${stormRequests.length} callbacks (${STORM_ORDERS} orders × ${STORM_COPIES}) at once to PayOps`);
    const cpuStorm0 = total(cpuOfTarget(A));
    const st = await storm(A.url, appUrl);
    await waitForInboxDrained(appUrl, 60_000);
    const stormCpuMs = total(cpuOfTarget(A)) - cpuStorm0;

    const rows = targets.map((t) => {
      const s = summaries[t.key];
      return `| ${t.key} ${s.name} | ${s.requests} | ${fmt(s.perSecond, 0)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${fmt(total(t.cpu) / Math.max(1, s.requests), 2)} | ${JSON.stringify(s.statuses)} |`;
    });
    console.log("\n| target | requests | callbacks/s | p50 ms | p99 ms | max ms | CPU ms/callback | statuses |\n| --- | --- | --- | --- | --- | --- | --- | --- |");
    console.log(rows.join("\n"));
    const per = (t: Target, ms: number) => fmt(ms / Math.max(1, summaries[t.key].requests), 2);
    console.log("\nCPU ms per callback, split: | target | user | system | main thread | other threads | PostgreSQL | load generator |");
    for (const t of targets) {
      console.log(`| ${t.key} | ${per(t, t.cpu.user)} | ${per(t, t.cpu.system)} | ${per(t, t.cpu.mainThread)} | ${per(t, total(t.cpu) - t.cpu.mainThread)} | ${per(t, t.postgresMs)} | ${per(t, t.loadMs)} |`);
    }
    // Where the server's main thread spent the rounds' wall time (load plus drain): running, runnable but
    // waiting for a CPU that another thread or process held, or idle (waiting on I/O: the database, the next request).
    console.log("\nMain thread's share of the rounds' wall time: | target | running | waiting for a CPU | idle |");
    for (const t of targets) {
      const s = mainThreadShares(t);
      console.log(`| ${t.key} | ${fmt(s.running, 2)} | ${fmt(s.runQueue, 2)} | ${fmt(s.idle, 2)} |`);
    }
    const rFloor = summaries.A.perSecond / summaries.C.perSecond;
    const rNaiveNext = summaries.A.perSecond / summaries.D.perSecond;
    const rNaive = summaries.A.perSecond / summaries.B.perSecond;
    // Per round: the four targets ran within seconds of each other, so each round's ratio compares them in
    // the same minute of this shared VM. The median over rounds is the figure a slow spell in one target's
    // chunk moves least; the pooled ratio (all requests over all time) is printed beside it.
    const perRound = A.rounds.map((a, i) => ({ a, floor: a.perSecond / C.rounds[i]!.perSecond, naiveNext: a.perSecond / D.rounds[i]!.perSecond }));
    const mFloor = median(perRound.map((r) => r.floor));
    const mNaiveNext = median(perRound.map((r) => r.naiveNext));
    console.log("\nper round: | round | A cb/s | C cb/s | D cb/s | A / C | A / D | A p99 ms |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    perRound.forEach((r, i) =>
      console.log(`| ${i + 1} | ${fmt(r.a.perSecond, 0)} | ${fmt(C.rounds[i]!.perSecond, 0)} | ${fmt(D.rounds[i]!.perSecond, 0)} | ${fmt(r.floor, 2)} | ${fmt(r.naiveNext, 2)} | ${fmt(r.a.p99)} |`),
    );
    console.log(`\nPayOps / Next floor:          ${fmt(mFloor, 2)} median of ${perRound.length} rounds, ${fmt(rFloor, 2)} pooled  (target ≥ 0.8: ${pass(mFloor >= 0.8)})`);
    console.log(`PayOps / naive in Next:       ${fmt(mNaiveNext, 2)} median of ${perRound.length} rounds, ${fmt(rNaiveNext, 2)} pooled  (target ≥ 1.0: ${pass(mNaiveNext >= 1)})`);
    console.log(`PayOps p99 at ${CONCURRENCY} connections: ${fmt(summaries.A.p99)} ms (target ≤ 100 ms: ${pass(summaries.A.p99 <= 100)})`);
    console.log(`PayOps / naive http + pg:     ${fmt(rNaive, 2)}  (for reference)`);
    // How steady the machine was: the floor does the same work every round, so its spread is the VM's own.
    // A per-round A / C moves by as much, which is why the median over rounds is the figure judged.
    const floorRounds = C.rounds.map((r) => r.perSecond);
    const perRoundFloor = perRound.map((r) => r.floor);
    console.log(
      `machine steadiness: the floor's rounds ${fmt(Math.min(...floorRounds), 0)}–${fmt(Math.max(...floorRounds), 0)} cb/s; ` +
        `A / C per round ${fmt(Math.min(...perRoundFloor), 2)}–${fmt(Math.max(...perRoundFloor), 2)}`,
    );
    // Not in the rounds' figures: Node (libuv ≥ 1.45) accepts one connection per event-loop turn, so 32
    // connections opened at once against a busy server are accepted over many turns.
    console.log(`warm-up (${CONCURRENCY} connections opened at once, ${warmRequests.length} callbacks), p99 / max ms: ${targets.map((t) => `${t.key} ${fmt(t.warmUp?.p99 ?? Number.NaN, 0)} / ${fmt(t.warmUp?.max ?? Number.NaN, 0)}`).join(", ")}`);
    console.log(`apply lag (received → applied, ${lag.n} callbacks): p50 ${fmt(lag.p50)} ms, p99 ${fmt(lag.p99)} ms, max ${fmt(lag.max)} ms (target p99 ≤ 1000 ms: ${pass(lag.p99 <= 1000)})`);
    console.log(`inbox drain after each PayOps round: ${A.drainMs.map((m) => `${fmt(m, 0)} ms`).join(", ")}`);
    console.log(
      `storm: p50 ${fmt(st.summary.p50)} ms, p99 ${fmt(st.summary.p99)} ms, max ${fmt(st.summary.max)} ms, statuses ${JSON.stringify(st.summary.statuses)}; ` +
        `all ${STORM_ORDERS} orders PAID after ${fmt(st.allPaidMs, 0)} ms (${st.paid}/${STORM_ORDERS}); CPU ${fmt(stormCpuMs / stormRequests.length, 2)} ms/callback → ${st.ok ? "OK" : "FAILED"}`,
    );
    console.log(`exactly once, PayOps:         ${onceA.line} → ${problemsA.length ? `FAILED: ${problemsA.join("; ")}` : "OK"}`);
    console.log(`exactly once, naive http:     ${onceB.line} → ${problemsB.length ? `FAILED: ${problemsB.join("; ")}` : "OK"}`);
    console.log(`exactly once, naive in Next:  ${onceD.line} → ${problemsD.length ? `FAILED: ${problemsD.join("; ")}` : "OK"}`);
    for (const t of targets) if (t.results.firstErrors.length) console.log(`first errors ${t.key}: ${t.results.firstErrors.join(" | ")}`);

    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `callbacks-${runId}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          runId,
          orders: ORDERS,
          rounds: ROUNDS,
          duplicates: requests.length - uniqueEvents.length,
          concurrency: CONCURRENCY,
          pg: pgVersion,
          cpus: cpus().length,
          cpu: cpus()[0]?.model,
          node: process.version,
          targets: targets.map((t) => {
            const n = Math.max(1, summaries[t.key].requests);
            return { ...summaries[t.key], cpuMsPerCallback: total(t.cpu) / n, cpuUserMs: t.cpu.user / n, cpuSystemMs: t.cpu.system / n, cpuMainThreadMs: t.cpu.mainThread / n, mainThreadRunQueueMs: t.cpu.mainThreadRunQueue / n, mainThreadShares: mainThreadShares(t), postgresCpuMs: t.postgresMs / n, loadGeneratorCpuMs: t.loadMs / n };
          }),
          ratios: { payopsOverFloor: rFloor, payopsOverNaiveInNext: rNaiveNext, payopsOverNaive: rNaive, medianOfRounds: { payopsOverFloor: mFloor, payopsOverNaiveInNext: mNaiveNext } },
          perRound: targets.map((t) => ({ target: t.key, perSecond: t.rounds.map((r) => r.perSecond), p99: t.rounds.map((r) => r.p99), windows: t.windows })),
          warmUp: Object.fromEntries(targets.map((t) => [t.key, t.warmUp])),
          applyLag: lag,
          drainMs: A.drainMs,
          storm: { ...st.summary, allPaidMs: st.allPaidMs, paid: st.paid, cpuMsPerCallback: stormCpuMs / stormRequests.length, ok: st.ok },
          problems: { A: problemsA, B: problemsB, D: problemsD },
        },
        null,
        2,
      ),
    );
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    if (problemsA.length || problemsB.length || problemsD.length || !st.ok) process.exitCode = 1;
  } finally {
    for (const a of agents) a.destroy();
    await stopChild(next);
    await stopChild(naive);
    if (applyWorker) await stopChild(applyWorker);
  }
  if (!flag("keep-db")) {
    for (const name of [APP_DB, NAIVE_DB, NAIVE_NEXT_DB]) await dropDatabase(ADMIN_URL, name);
  }
}

main().catch((e) => {
  console.error(`bench:callbacks failed: ${(e as Error).message}`);
  cleanup();
  process.exit(1);
});
