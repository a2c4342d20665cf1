import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import http from "node:http";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import { buildForBench, createDatabase, dropDatabase, percentile, waitForHttp } from "./lib";

// `npm run bench:status [-- --seconds 10 --rounds 3 --concurrency 32 --skip-build --keep-db --pg <admin url> --port 3300]`
//
// Issue 9's surge budget, on one production build (npm start = scripts/serve.ts, PostgreSQL):
//   A  GET /api/status        the public status JSON (in-process snapshot, no query per request)
//   B  GET /api/bench/noop    a route handler of the same build that only answers (the floor)
// interleaved A B for --rounds rounds of --seconds each, 32 keep-alive connections, loopback only.
// Targets: A's throughput ≥ 0.8 × B's, A's p99 ≤ 50 ms, every answer 2xx, no Set-Cookie. Then: a notice
// published through the domain function against the same database (as the job worker's auto-publish would,
// from another process) must show in /api/status within 10 s. Results: stdout, bench/results/, docs/PERFORMANCE.md.

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1]!.startsWith("--") ? process.argv[i + 1]! : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const SECONDS = Number(arg("seconds", "10"));
const ROUNDS = Math.max(1, Number(arg("rounds", "3")));
const CONCURRENCY = Number(arg("concurrency", "32"));
const ADMIN_URL = arg("pg", "postgres://payops:payops@127.0.0.1:5432/postgres");
const APP_PORT = Number(arg("port", "3300"));
const DIST_DIR = arg("dist", ".next-bench-status");
const DB_NAME = arg("db", "payops_bench_status");
const RESULTS_DIR = path.resolve("bench", "results");
const VISIBLE_WITHIN_S = 10;
const RATIO_MIN = 0.8;
const P99_MAX_MS = 50;

const runId = new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15);
const prodSecrets = {
  NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
  MERCHANT_API_KEY: randomBytes(16).toString("hex"),
  CRON_SECRET: randomBytes(16).toString("hex"),
  SANDBOX_WEBHOOK_SECRET: randomBytes(16).toString("hex"),
  FULFILMENT_WEBHOOK_SECRET: randomBytes(16).toString("hex"),
};

const children = new Set<ChildProcess>();
process.on("SIGINT", () => {
  for (const c of children) c.kill("SIGKILL");
  process.exit(130);
});

interface GetLoad {
  sent: number;
  elapsedMs: number;
  latenciesMs: number[];
  statuses: Record<string, number>;
  networkErrors: number;
  setCookies: number;
}

/** GETs `url` over `concurrency` keep-alive connections for `ms`, as a browser or app reloading would. */
async function getLoad(url: string, concurrency: number, ms: number): Promise<GetLoad> {
  const target = new URL(url);
  if (target.hostname !== "127.0.0.1") throw new Error("the benchmark only targets loopback");
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const out: GetLoad = { sent: 0, elapsedMs: 0, latenciesMs: [], statuses: {}, networkErrors: 0, setCookies: 0 };
  const started = performance.now();
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: "GET", headers: { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" } }, (res) => {
        res.resume();
        res.on("end", () => {
          out.latenciesMs.push(performance.now() - t0);
          const code = String(res.statusCode);
          out.statuses[code] = (out.statuses[code] ?? 0) + 1;
          if (res.headers["set-cookie"]) out.setCookies++;
          resolve();
        });
      });
      req.on("error", () => {
        out.networkErrors++;
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - started < ms) {
        out.sent++;
        await one();
      }
    }),
  );
  out.elapsedMs = performance.now() - started;
  agent.destroy();
  return out;
}

const build = () => buildForBench(DIST_DIR, prodSecrets, flag("skip-build"));

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

async function main() {
  console.log(`bench:status run ${runId}: ${ROUNDS} rounds × ${SECONDS} s per target (A B), ${CONCURRENCY} connections`);
  console.log(`machine: ${cpus().length}× ${cpus()[0]?.model ?? "?"}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  build();

  const appUrl = await createDatabase(ADMIN_URL, DB_NAME);
  const { openDb } = await import("@/db/client");
  const handle = await openDb({ driver: "pg", url: appUrl, poolMax: 2 }); // migrates
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...prodSecrets,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TSCONFIG: "tsconfig.bench.json",
    DATABASE_URL: appUrl,
    DATABASE_DRIVER: "pg",
    APP_URL: `http://127.0.0.1:${APP_PORT}`,
    NEXTAUTH_URL: `http://127.0.0.1:${APP_PORT}`,
    WORKER_IN_PROCESS: "false",
    LOG_LEVEL: "warn",
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, `status-next-${runId}.log`);
  const fd = openSync(logFile, "a");
  const next = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "serve.ts"), "-p", String(APP_PORT), "-H", "127.0.0.1"], { env, stdio: ["ignore", fd, fd] });
  children.add(next);
  console.log(`  next: pid ${next.pid}, log ${path.relative(process.cwd(), logFile)}`);
  const problems: string[] = [];
  try {
    const base = `http://127.0.0.1:${APP_PORT}`;
    await waitForHttp(`${base}/api/health`, 90_000, () => next.exitCode === null);
    const targets = { A: `${base}/api/status`, B: `${base}/api/bench/noop` } as const;
    // Warm both (first compile of the route, the first snapshot load).
    for (const url of Object.values(targets)) await getLoad(url, CONCURRENCY, 2_000);

    const runs: Record<keyof typeof targets, GetLoad[]> = { A: [], B: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const key of ["A", "B"] as const) {
        const res = await getLoad(targets[key], CONCURRENCY, SECONDS * 1000);
        runs[key].push(res);
        console.log(`  round ${r + 1} ${key}: ${res.sent} requests, ${fmt(res.sent / (res.elapsedMs / 1000), 0)} req/s`);
      }
    }
    const merge = (rs: GetLoad[]) => {
      const latencies = rs.flatMap((x) => x.latenciesMs).sort((a, b) => a - b);
      const statuses: Record<string, number> = {};
      for (const x of rs) for (const [k, v] of Object.entries(x.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
      const sent = rs.reduce((n, x) => n + x.sent, 0);
      const ms = rs.reduce((n, x) => n + x.elapsedMs, 0);
      return { sent, perSecond: sent / (ms / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? NaN, statuses, networkErrors: rs.reduce((n, x) => n + x.networkErrors, 0), setCookies: rs.reduce((n, x) => n + x.setCookies, 0) };
    };
    const A = merge(runs.A);
    const B = merge(runs.B);
    console.log("\n| target | requests | req/s | p50 ms | p99 ms | max ms | statuses |");
    console.log("|---|---:|---:|---:|---:|---:|---|");
    for (const [name, s] of [["A GET /api/status", A], ["B GET /api/bench/noop", B]] as const) {
      console.log(`| ${name} | ${s.sent} | ${fmt(s.perSecond, 0)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${JSON.stringify(s.statuses)} |`);
    }
    const ratio = A.perSecond / B.perSecond;
    for (const [name, s] of [["A", A], ["B", B]] as const) {
      const non2xx = Object.entries(s.statuses).filter(([c]) => !c.startsWith("2"));
      if (non2xx.length > 0 || s.networkErrors > 0) problems.push(`${name}: non-2xx ${JSON.stringify(Object.fromEntries(non2xx))}, ${s.networkErrors} network errors`);
    }
    if (A.setCookies > 0) problems.push(`/api/status set a cookie ${A.setCookies} times`);
    if (ratio < RATIO_MIN) problems.push(`ratio ${fmt(ratio, 2)} < ${RATIO_MIN}`);
    if (A.p99 > P99_MAX_MS) problems.push(`p99 ${fmt(A.p99)} ms > ${P99_MAX_MS} ms`);
    console.log(`\nratio /api/status ÷ no-op = ${fmt(ratio, 2)} (target ≥ ${RATIO_MIN}); /api/status p99 ${fmt(A.p99)} ms (target ≤ ${P99_MAX_MS} ms)`);

    // A change from another process: publish against the same database, poll until /api/status shows it.
    const { publishNotice } = await import("@/server/status/publish-notice");
    const stamp = runId.slice(-6);
    const t0 = performance.now();
    const { id } = await publishNotice(
      handle.db,
      {
        kind: "incident",
        severity: "warning",
        status: "investigating",
        title: { "zh-CN": `压测通知 ${stamp}`, en: `Bench notice ${stamp}` },
        body: { "zh-CN": "压测：检查发布后多久可见。", en: "Bench: how soon a published notice is visible." },
        components: [{ key: "orders", state: "degraded_performance" }],
      },
      { id: null, label: "system:bench" },
    );
    let visibleS = Number.NaN;
    while ((performance.now() - t0) / 1000 < 30) {
      const res = await fetch(`${base}/api/status?locale=en`);
      const body = (await res.json()) as { banner: { id: number } | null };
      if (body.banner?.id === id) {
        visibleS = (performance.now() - t0) / 1000;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`published change visible after ${fmt(visibleS, 2)} s (target ≤ ${VISIBLE_WITHIN_S} s)`);
    if (!(visibleS <= VISIBLE_WITHIN_S)) problems.push(`published change visible after ${fmt(visibleS, 2)} s`);

    const result = { runId, seconds: SECONDS, rounds: ROUNDS, concurrency: CONCURRENCY, A, B, ratio, visibleS, problems };
    writeFileSync(path.join(RESULTS_DIR, `status-${runId}.json`), JSON.stringify(result, null, 2));
  } finally {
    await handle.close();
    next.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    if (!flag("keep-db")) await dropDatabase(ADMIN_URL, DB_NAME).catch(() => undefined);
  }
  if (problems.length > 0) {
    console.log(`\nFAILED:\n- ${problems.join("\n- ")}`);
    process.exit(1);
  }
  console.log("\nall targets met");
}

main().catch((e) => {
  console.error(e);
  for (const c of children) c.kill("SIGKILL");
  process.exit(1);
});
