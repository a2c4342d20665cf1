import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Pool } from "pg";
import { getDbEnv } from "./env";
import * as schema from "./schema";

// The one place that chooses a database driver. See docs/adr/0001-database-drivers.md.
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DriverName = "pglite" | "pg" | "neon";

export interface DbHandle {
  db: Db;
  driver: DriverName;
  close(): Promise<void>;
  /** Runs fn holding a cluster-wide advisory lock on its own connection (server drivers only). */
  withMigrationLock?<T>(fn: () => Promise<T>): Promise<T>;
}

// Any constant shared by every instance; pg_advisory_lock takes a bigint.
const MIGRATION_LOCK_KEY = 72_610_001;

/** Several instances starting at once must not migrate concurrently: the second waits, then finds nothing to do. */
async function lockedOnOwnConnection<T>(client: { connect(): Promise<unknown>; query(q: string): Promise<unknown>; end(): Promise<void> }, fn: () => Promise<T>): Promise<T> {
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    return await fn();
  } finally {
    await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/**
 * node-postgres' pool behind `db` when that is its driver (PGlite and Neon: undefined): for what needs a
 * connection of its own, a COPY stream or a statement beside a transaction.
 */
export async function nodePgPoolOf(db: Db): Promise<Pool | undefined> {
  const pg = (await import("pg")).default;
  const client = (db as unknown as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : undefined;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export function chooseDriver(url: string | undefined, explicit?: DriverName): DriverName {
  if (explicit) return explicit;
  if (!url) return "pglite";
  if (/^pglite:/.test(url)) return "pglite";
  const host = (() => {
    try {
      return new URL(url).hostname;
    } catch {
      return "";
    }
  })();
  return /\.neon\.tech$|\.neon\.build$/.test(host) ? "neon" : "pg";
}

export interface OpenOptions {
  url?: string;
  driver?: DriverName;
  /** PGlite: directory, or undefined for in-memory. */
  dataDir?: string;
  /** PGlite: a dumpDataDir() tarball to start from (fast test clones). */
  loadDataDir?: Blob | File;
  poolMax?: number;
  /** node-postgres: close a pooled connection idle this long (0: never); its default is 10 s. */
  poolIdleTimeoutMs?: number;
  migrate?: boolean;
  /** Neon: a local WebSocket-to-TCP proxy, host:port (CI smoke test, scripts/neon-ws-proxy.ts). */
  neonWsProxy?: string;
  /** Server drivers: a pooled connection failed while idle. */
  onConnectionError?: (error: Error) => void;
}

// db/ sits below server/ and cannot use its logger; the line has the logger's shape, secrets cannot be in it
// (a driver error names the host at most).
function reportConnectionError(error: Error): void {
  const line = { time: new Date().toISOString(), level: "warn", msg: "database connection lost", error: { name: error.name, message: error.message } };
  process.stderr.write(JSON.stringify(line) + "\n");
}

export async function openDb(opts: OpenOptions): Promise<DbHandle> {
  const driver = chooseDriver(opts.url, opts.driver);
  const onConnectionError = opts.onConnectionError ?? reportConnectionError;
  let handle: DbHandle;
  if (driver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    // pg_trgm (knowledge-base search) ships with PGlite as a contrib module loaded here; migrations CREATE EXTENSION it.
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const { drizzle } = await import("drizzle-orm/pglite");
    const dataDir = opts.url?.startsWith("pglite:") ? opts.url.slice("pglite:".length) || undefined : opts.dataDir;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const client = await PGlite.create({ dataDir, loadDataDir: opts.loadDataDir, extensions: { pg_trgm } });
    handle = { db: drizzle({ client, schema, casing: "snake_case" }) as unknown as Db, driver, close: () => client.close() };
  } else if (driver === "pg") {
    const pg = (await import("pg")).default;
    const { drizzle } = await import("drizzle-orm/node-postgres");
    // bigint columns come back as strings by default; ours are safe integers (see lib/money.ts)
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolMax ?? 10, idleTimeoutMillis: opts.poolIdleTimeoutMs });
    // An idle pooled connection the server closed (restart, failover) must not crash the process;
    // the pool drops it and the next query opens a new one.
    pool.on("error", onConnectionError);
    handle = {
      db: drizzle({ client: pool, schema, casing: "snake_case" }) as unknown as Db,
      driver,
      close: () => pool.end(),
      withMigrationLock: (fn) => lockedOnOwnConnection(new pg.Client({ connectionString: opts.url }), fn),
    };
  } else {
    const { Client, Pool, neonConfig, types } = await import("@neondatabase/serverless");
    const { drizzle } = await import("drizzle-orm/neon-serverless");
    const ws = (await import("ws")).default;
    neonConfig.webSocketConstructor = ws;
    types.setTypeParser(20, (v: string) => Number(v));
    const proxy = opts.neonWsProxy;
    if (proxy) {
      // Local WebSocket-to-TCP proxy (CI smoke test, scripts/neon-ws-proxy.ts): plain ws, no pipelining.
      neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
      neonConfig.useSecureWebSocket = false;
      neonConfig.pipelineTLS = false;
      neonConfig.pipelineConnect = false;
    }
    const pool = new Pool({ connectionString: opts.url, max: opts.poolMax ?? 10 });
    pool.on("error", onConnectionError);
    handle = {
      db: drizzle({ client: pool, schema, casing: "snake_case" }) as unknown as Db,
      driver,
      close: () => pool.end(),
      withMigrationLock: (fn) => lockedOnOwnConnection(new Client({ connectionString: opts.url }), fn),
    };
  }
  if (opts.migrate !== false) await migrateDb(handle);
  return handle;
}

export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.withMigrationLock) return handle.withMigrationLock(() => migrateUnlocked(handle));
  return migrateUnlocked(handle);
}

async function migrateUnlocked(handle: DbHandle): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, config);
  } else if (handle.driver === "pg") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(handle.db as never, config);
  } else {
    const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
    await migrate(handle.db as never, config);
  }
}

// One handle per process. Next.js may evaluate this module more than once (route bundles, HMR), and two
// PGlite instances on one data directory would corrupt it, so the handle lives on globalThis.
const g = globalThis as unknown as { __payopsDb?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  if (!g.__payopsDb) {
    const env = getDbEnv();
    g.__payopsDb = openDb({
      url: env.DATABASE_URL,
      driver: env.DATABASE_DRIVER,
      dataDir: path.resolve(env.PGLITE_DIR),
      poolMax: env.DATABASE_POOL_MAX,
      poolIdleTimeoutMs: env.DATABASE_POOL_IDLE_TIMEOUT,
      neonWsProxy: env.NEON_WS_PROXY,
    }).catch((e) => {
      g.__payopsDb = undefined; // let the next request try again (database may come back)
      throw e;
    });
  }
  return g.__payopsDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/**
 * Closes the process-wide handle, if one was opened: a shutdown hook calls it so PGlite checkpoints and
 * removes its lock file (postmaster.pid), and a pool's connections end instead of being cut.
 */
export async function closeDbHandle(): Promise<void> {
  const pending = g.__payopsDb;
  g.__payopsDb = undefined;
  const handle = await pending?.catch(() => undefined);
  await handle?.close();
}

/** Tests and scripts install their own handle (a cloned PGlite, a per-file PostgreSQL database). */
export function setDbHandle(handle: DbHandle | undefined): void {
  g.__payopsDb = handle ? Promise.resolve(handle) : undefined;
}
