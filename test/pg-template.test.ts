import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { isPostgresRun } from "./db";
import { dropAbandonedDatabases, withDatabase } from "./pg-template";

// Above Linux's largest pid (2^22), so no process of this machine has it.
const GONE = 99_999_999;

// Needs a PostgreSQL server to hold databases; PGlite has one database per instance.
describe.skipIf(!isPostgresRun())("databases left by stopped test runs (PostgreSQL)", () => {
  const adminUrl = () => inject("pgTemplateUrl");
  const made: string[] = [];
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: adminUrl() });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const create = async (name: string) => {
    made.push(name);
    await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  };
  const exists = async (name: string) => admin(async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1);
  // Every other pid counts as alive here, so the sweep cannot touch another test file's database.
  const onlyGoneIsDead = (pid: number) => pid !== GONE;

  afterAll(async () => {
    for (const name of made) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });

  it("drops a file's database and a template whose process is gone, and keeps the rest", async () => {
    const names = {
      fileOfGone: `payops_test_${GONE}_a1b2c3`,
      templateOfGone: `payops_tpl_${GONE}`,
      fileOfLive: `payops_test_${process.pid}_d4e5f6`,
      benchOfGone: `payops_bench_${GONE}`,
      notAPid: "payops_test_x_abc123",
    };
    for (const name of Object.values(names)) await create(name);

    const dropped = await dropAbandonedDatabases(adminUrl(), onlyGoneIsDead);

    expect(dropped).toEqual([names.fileOfGone, names.templateOfGone]);
    expect(await exists(names.fileOfGone)).toBe(false);
    expect(await exists(names.templateOfGone)).toBe(false);
    expect(await exists(names.fileOfLive)).toBe(true);
    expect(await exists(names.benchOfGone)).toBe(true);
    expect(await exists(names.notAPid)).toBe(true);
  });

  it("keeps a database somebody is connected to, even when its process is gone", async () => {
    const name = `payops_test_${GONE}_0c0c0c`;
    await create(name);
    const session = new pg.Client({ connectionString: withDatabase(adminUrl(), name) });
    await session.connect();
    try {
      expect(await dropAbandonedDatabases(adminUrl(), onlyGoneIsDead)).toEqual([]);
      expect(await exists(name)).toBe(true);
    } finally {
      await session.end();
    }
    expect(await dropAbandonedDatabases(adminUrl(), onlyGoneIsDead)).toEqual([name]);
  });

  it("tells a process that is gone from one that runs, by default", async () => {
    const gone = `payops_test_${GONE}_9z9z9z`;
    const mine = `payops_test_${process.pid}_8y8y8y`;
    await create(gone);
    await create(mine);
    expect(await dropAbandonedDatabases(adminUrl())).toContain(gone);
    expect(await exists(gone)).toBe(false);
    expect(await exists(mine)).toBe(true);
  });

  it("leaves a server on another host alone: a pid there names no process of this machine", async () => {
    // Unroutable (TEST-NET-1): the sweep must answer without trying to connect.
    expect(await dropAbandonedDatabases("postgres://payops:payops@192.0.2.1:5432/postgres", () => false)).toEqual([]);
  });
});
