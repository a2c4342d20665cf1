import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestDb, isPostgresRun } from "@/test/db";
import { chooseDriver, migrateDb, nodePgPoolOf, openDb, type DbHandle } from "./client";
import journal from "./migrations/meta/_journal.json";

// server/lib/sql.ts has the same helper; db/ does not import server/.
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

describe("chooseDriver", () => {
  it("picks PGlite without a URL or for pglite:, Neon for Neon hosts, pg otherwise", () => {
    expect(chooseDriver(undefined)).toBe("pglite");
    expect(chooseDriver("pglite:.data/x")).toBe("pglite");
    expect(chooseDriver("postgres://u:p@127.0.0.1:5432/payops")).toBe("pg");
    expect(chooseDriver("postgresql://u:p@db.internal/payops?sslmode=require")).toBe("pg");
    expect(chooseDriver("postgres://u:p@ep-cool-fog-123456.eu-central-1.aws.neon.tech/neondb?sslmode=require")).toBe("neon");
    expect(chooseDriver("postgres://u:p@ep-cool-fog-123456-pooler.us-east-2.aws.neon.tech/neondb")).toBe("neon");
    // a lookalike host is not Neon
    expect(chooseDriver("postgres://u:p@neon.tech.evil.example/db")).toBe("pg");
    expect(chooseDriver("not a url")).toBe("pg");
  });

  it("lets DATABASE_DRIVER override the guess", () => {
    expect(chooseDriver("postgres://u:p@127.0.0.1/db", "neon")).toBe("neon");
    expect(chooseDriver("postgres://u:p@x.neon.tech/db", "pg")).toBe("pg");
  });
});

describe("openDb", () => {
  // A fresh PGlite (≈4 s quiet) plus the whole migration set, twice: slow on a busy machine, not wrong.
  it("migrates a fresh embedded database, and migrating again changes nothing", { timeout: 120_000 }, async () => {
    const handle = await openDb({ driver: "pglite" });
    try {
      expect(handle.driver).toBe("pglite");
      const applied = async () =>
        Number(rowsOf<{ n: number }>(await handle.db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))[0]!.n);
      expect(await applied()).toBe(journal.entries.length);
      await migrateDb(handle);
      expect(await applied()).toBe(journal.entries.length);
    } finally {
      await handle.close();
    }
  });

  it("returns bigint money as exact JS numbers on this run's driver", async () => {
    const handle = await createTestDb({ poolMax: 2 });
    try {
      expect(handle.driver).toBe(isPostgresRun() ? "pg" : "pglite");
      const [row] = rowsOf<{ big: unknown; max: unknown }>(
        await handle.db.execute(sql`SELECT 1999::bigint AS big, 9007199254740991::bigint AS max`),
      );
      expect(row).toEqual({ big: 1999, max: Number.MAX_SAFE_INTEGER });
    } finally {
      await handle.close();
    }
  });
});

describe("node-postgres pool", () => {
  it.skipIf(!isPostgresRun())("closes an idle connection after poolIdleTimeoutMs, and keeps it without one (0: never)", async () => {
    const base = (await createTestDb({ poolMax: 1 })) as DbHandle & { url: string };
    const idle = async (poolIdleTimeoutMs: number) => {
      const handle = await openDb({ driver: "pg", url: base.url, poolMax: 2, migrate: false, poolIdleTimeoutMs });
      try {
        await handle.db.execute(sql`SELECT 1`);
        const pool = (await nodePgPoolOf(handle.db))!;
        expect(pool.idleCount).toBe(1);
        await new Promise((r) => setTimeout(r, 300));
        return pool.idleCount;
      } finally {
        await handle.close();
      }
    };
    try {
      expect(await idle(100)).toBe(0);
      expect(await idle(0)).toBe(1);
    } finally {
      await base.close();
    }
  });
});

describe("migrations on a server database", () => {
  // Needs a PostgreSQL server (several connections, advisory locks); PGlite is one process and cannot
  // race itself. `npm run test:pg`, which CI runs, executes it.
  it.skipIf(!isPostgresRun())("three instances starting at once migrate a fresh database exactly once", async () => {
    const { inject } = await import("vitest");
    const pg = (await import("pg")).default;
    const adminUrl = inject("pgTemplateUrl");
    const name = `payops_test_mig_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    try {
      const handles = await Promise.all([1, 2, 3].map(() => openDb({ driver: "pg", url: u.toString(), poolMax: 2 })));
      const [n] = rowsOf<{ n: number }>(await handles[0]!.db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`));
      expect(Number(n!.n)).toBe(journal.entries.length);
      await Promise.all(handles.map((h) => h.close()));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
