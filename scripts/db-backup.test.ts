import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { orders } from "@/db/schema";
import { backupPglite, DirectoryInUseError, restorePglite } from "./db-backup";

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), "payops-backup-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const order = (orderNo: string, amountMinor: number) => ({ orderNo, userId: "u1", amountMinor, currency: "CNY", provider: "sandbox" as const });

async function orderNumbers(dir: string): Promise<string[]> {
  const h = await openDb({ driver: "pglite", dataDir: dir, migrate: false });
  try {
    return (await h.db.select({ orderNo: orders.orderNo }).from(orders)).map((r) => r.orderNo).sort();
  } finally {
    await h.close();
  }
}

// Each test creates fresh embedded databases (≈4 s each on a quiet 2-core box, plus every migration) and
// spawns the CLI: far above the suite's default 30 s when the machine is busy, without anything being wrong.
describe("PGlite backup and restore", { timeout: 120_000 }, () => {
  it("round-trips: restore brings back the backed-up state and keeps the replaced directory", async () => {
    const dir = path.join(work, "db");
    const h = await openDb({ driver: "pglite", dataDir: dir });
    await h.db.insert(orders).values([order("BK-1", 1999), order("BK-2", 9_007_199_254_740_991)]);
    await h.close();

    const file = path.join(work, "backups", "one.tar.gz");
    const { bytes } = await backupPglite(dir, file);
    expect(bytes).toBeGreaterThan(1000);
    expect(existsSync(`${file}.partial`)).toBe(false);

    // Life goes on after the backup…
    const h2 = await openDb({ driver: "pglite", dataDir: dir, migrate: false });
    await h2.db.insert(orders).values(order("BK-3", 1));
    await h2.db.delete(orders).where(eq(orders.orderNo, "BK-1"));
    await h2.close();
    expect(await orderNumbers(dir)).toEqual(["BK-2", "BK-3"]);

    const now = new Date("2026-11-25T12:34:56Z");
    const restored = await restorePglite(dir, file, { now });
    expect(restored.migrations).toBeGreaterThan(0);
    expect(restored.movedAsideTo).toBe(`${dir}.bak-20261125T123456Z`);
    expect(await orderNumbers(dir)).toEqual(["BK-1", "BK-2"]);
    // money survived exactly
    const h3 = await openDb({ driver: "pglite", dataDir: dir, migrate: false });
    const rows = await h3.db.select().from(orders);
    await h3.close();
    expect(rows.find((r) => r.orderNo === "BK-2")!.amountMinor).toBe(9_007_199_254_740_991);
    // the replaced database is intact beside it
    expect(await orderNumbers(restored.movedAsideTo!)).toEqual(["BK-2", "BK-3"]);
  });

  it("refuses while another process has the directory open, and --force overrides a stale lock", async () => {
    const dir = path.join(work, "busy");
    const open = await openDb({ driver: "pglite", dataDir: dir });
    const file = path.join(work, "busy.tar.gz");
    try {
      await expect(backupPglite(dir, file)).rejects.toBeInstanceOf(DirectoryInUseError);
      writeFileSync(path.join(work, "any.tar.gz"), "x");
      await expect(restorePglite(dir, path.join(work, "any.tar.gz"))).rejects.toBeInstanceOf(DirectoryInUseError);
      expect(existsSync(file)).toBe(false);
      expect(readdirSync(work).filter((f) => f.startsWith("busy.bak-"))).toEqual([]);
    } finally {
      await open.close();
    }
    await backupPglite(dir, file);
    expect(existsSync(file)).toBe(true);
    // A crashed portal leaves its lock file behind.
    writeFileSync(path.join(dir, "postmaster.pid"), "-42\n");
    await expect(backupPglite(dir, file)).rejects.toBeInstanceOf(DirectoryInUseError);
    await backupPglite(dir, file, { force: true });
  });

  it("puts the old directory back when the file is not a usable backup", async () => {
    const dir = path.join(work, "keep");
    const h = await openDb({ driver: "pglite", dataDir: dir });
    await h.db.insert(orders).values(order("KEEP-1", 100));
    await h.close();
    const junk = path.join(work, "junk.tar.gz");
    writeFileSync(junk, "this is not a tarball");
    await expect(restorePglite(dir, junk)).rejects.toThrow();
    expect(await orderNumbers(dir)).toEqual(["KEEP-1"]);
  });

  it("CLI: backs up PGLITE_DIR to the given file; prints pg_dump commands (without the password) for PostgreSQL", async () => {
    const dir = path.join(work, "db"); // restored above, closed
    const file = path.join(work, "cli.tar.gz");
    // As `npm run db:backup` runs it: server modules' `import "server-only"` resolves to its empty module.
    const cli = ["--import", "tsx", "--conditions=react-server", path.resolve("scripts/db-backup.ts")];
    const env = { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "" };
    const out = await run(process.execPath, [...cli, "backup", file], { env });
    expect(out.stdout).toContain(`→ ${file}`);
    expect(existsSync(file)).toBe(true);

    const pgEnv = { ...process.env, DATABASE_URL: "postgres://payops:sup3r-secret@db.internal:5432/payops" };
    const pgOut = await run(process.execPath, [...cli, "backup"], { env: pgEnv });
    expect(pgOut.stdout).toContain('pg_dump --format=custom');
    expect(pgOut.stdout).toContain('"$DATABASE_URL"');
    expect(pgOut.stdout).not.toContain("sup3r-secret");

    await expect(run(process.execPath, [...cli, "restore"], { env })).rejects.toMatchObject({ code: 64 });
  });
});
