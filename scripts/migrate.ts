import path from "node:path";
import { sql } from "drizzle-orm";
import { chooseDriver, migrateDb, MIGRATIONS_FOLDER, openDb } from "@/db/client";
import { getEnv } from "@/server/env";
import { rowsOf } from "@/server/lib/sql";
import journal from "@/db/migrations/meta/_journal.json";

// `npm run db:migrate`: applies committed migrations (db/migrations) to the configured database. Run it
// once before rolling out a new version; the migrator records what it applied, so re-running is a no-op.

async function main() {
  const env = getEnv();
  const driver = chooseDriver(env.DATABASE_URL, env.DATABASE_DRIVER);
  const started = Date.now();
  const handle = await openDb({
    url: env.DATABASE_URL,
    driver,
    dataDir: path.resolve(env.PGLITE_DIR),
    poolMax: 1,
    migrate: false,
    neonWsProxy: env.NEON_WS_PROXY,
  });
  try {
    const before = await appliedCount(handle.db);
    await migrateDb(handle);
    const after = await appliedCount(handle.db);
    const where = driver === "pglite" ? path.resolve(env.PGLITE_DIR) : describeUrl(env.DATABASE_URL);
    console.log(
      `db:migrate: driver=${driver} database=${where} migrations: ${journal.entries.length} in ${path.relative(process.cwd(), MIGRATIONS_FOLDER)}, ` +
        `${after} applied (${after - before} new) in ${Date.now() - started} ms`,
    );
  } finally {
    await handle.close();
  }
}

async function appliedCount(db: Parameters<typeof migrateDb>[0]["db"]): Promise<number> {
  try {
    const rows = rowsOf<{ n: number | string }>(await db.execute(sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`));
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0; // first run: the migrator creates its table
  }
}

/** Host and database name only: the URL's password must never reach a log. */
function describeUrl(url: string | undefined): string {
  if (!url) return "(none)";
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

main().catch((e) => {
  // The message of a connection error can include the host, never the password (pg omits it).
  const cause = (e as { cause?: Error }).cause;
  console.error(`db:migrate failed: ${(e as Error).message}${cause ? `\ncause: ${cause.message}` : ""}`);
  process.exit(1);
});
