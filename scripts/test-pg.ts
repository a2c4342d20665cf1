import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

// `npm run test:pg [-- vitest args]`: the same vitest suite, on a real PostgreSQL server instead of PGlite.
// test/global-setup.ts sees TEST_DATABASE_URL and migrates a template database; each test file clones it.
// This script is a CLI entry point, not app code, so it reads its own two variables directly.
const DEFAULT_URL = "postgres://payops:payops@127.0.0.1:5432/postgres";
const url = process.env.TEST_DATABASE_URL || DEFAULT_URL;

function redactUrl(u: string): string {
  try {
    const parsed = new URL(u);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

async function checkReachable(): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string; createdb: boolean; superuser: boolean }>(
      "SELECT current_setting('server_version') AS v, rolcreatedb AS createdb, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user",
    );
    const row = rows[0];
    // The harness creates one database per test file from a template; without CREATEDB nothing works.
    if (row && !row.createdb && !row.superuser) {
      throw new Error("the role has no CREATEDB privilege (ALTER ROLE <name> CREATEDB)");
    }
    console.log(`test:pg: PostgreSQL ${row?.v ?? "?"} at ${redactUrl(url)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function main() {
  try {
    await checkReachable();
  } catch (e) {
    console.error(
      [
        `test:pg: PostgreSQL is not usable at ${redactUrl(url)}: ${(e as Error).message}`,
        "Start it and create the test role, e.g. (Debian, as root):",
        "  pg_ctlcluster 15 main start",
        `  su postgres -c "psql -c \\"CREATE ROLE payops LOGIN PASSWORD 'payops' CREATEDB\\""`,
        "or point TEST_DATABASE_URL at a server where the role may CREATE DATABASE.",
      ].join("\n"),
    );
    process.exit(2);
  }
  const args = process.argv.slice(2);
  // Without files named, only the test files that touch a database: the pure ones (parsers, signatures,
  // formatting, policies) test no engine and already ran in `npm test`.
  const files = args.some((a) => !a.startsWith("-")) ? [] : databaseTestFiles();
  if (files.length > 0) console.log(`test:pg: ${files.length} test files that use a database`);
  const child = spawn(process.execPath, [vitestBin(), "run", ...files, ...args], {
    stdio: "inherit",
    env: { ...process.env, TEST_DATABASE_URL: url },
  });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// What makes a test file a database test: the harness (test/db.ts), a handle of its own, or the server URL.
const USES_DATABASE = /test\/db|useTestDb|createTestDb|getDbHandle|openDb|TEST_DATABASE_URL|pgTemplateUrl|isPostgresRun|NEON_SMOKE/;
const ROOTS = ["server", "db", "scripts", "app", "components", "lib", "test"];

function databaseTestFiles(): string[] {
  const root = new URL("..", import.meta.url).pathname;
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".test.ts") && USES_DATABASE.test(readFileSync(path.join(root, rel), "utf8"))) out.push(rel);
    }
  };
  for (const dir of ROOTS) walk(dir);
  return out.sort();
}

function vitestBin(): string {
  // The package's bin, resolved from the project so `npx` is not needed (and cannot prompt).
  return new URL("../node_modules/vitest/vitest.mjs", import.meta.url).pathname;
}

void main();
