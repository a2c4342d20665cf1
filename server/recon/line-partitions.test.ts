import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { migrateDb, openDb, type Db } from "@/db/client";
import { statementLines } from "@/db/schema";
import { rowsOf } from "@/server/lib/sql";
import { useTestDb } from "@/test/db";
import { attachLinePartition, buildLineKey, createLinePartition, dropLinePartition, linePartitionName } from "./line-partitions";

const getDb = useTestDb();

const line = (importId: number, lineNo: number, ptid: string) => ({
  importId,
  lineNo,
  kind: "payment" as const,
  providerTransactionId: ptid,
  amountMinor: 100,
  currency: "CNY",
  occurredAt: new Date("2026-11-24T03:00:00Z"),
  status: "success",
});

async function partitionsOf(db: Db): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'statement_lines'::regclass order by 1`),
  );
  return rows.map((r) => r.name);
}

/** A line written straight into an import's own table (as the loader does), by default of that import. */
async function insertRaw(db: Db, importId: number, lineNo: number, ptid: string, lineImportId = importId): Promise<void> {
  await db.execute(sql`insert into ${sql.raw(`"${linePartitionName(importId)}"`)} (import_id, line_no, kind, provider_transaction_id, amount_minor, currency, occurred_at, status)
    values (${lineImportId}, ${lineNo}, 'payment', ${ptid}, 100, 'CNY', '2026-11-24T03:00:00Z', 'success')`);
}

describe("one partition of statement_lines per import", () => {
  it("names only positive integer ids (the name goes into DDL)", () => {
    expect(linePartitionName(42)).toBe("statement_lines_p42");
    for (const bad of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) expect(() => linePartitionName(bad)).toThrow(RangeError);
  });

  it("loads bare, is invisible until attached, then is read through statement_lines with the parent's key", async () => {
    const db = getDb();
    await createLinePartition(db, 9001);
    await insertRaw(db, 9001, 1, "T-1");
    await insertRaw(db, 9001, 2, "T-2");
    const indexesBefore = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from pg_indexes where tablename = 'statement_lines_p9001'`));
    expect(indexesBefore[0]!.n).toBe(0);
    expect(await db.select().from(statementLines).where(sql`import_id = 9001`)).toHaveLength(0);

    await buildLineKey(db, 9001);
    expect(await partitionsOf(db)).not.toContain("statement_lines_p9001");
    await attachLinePartition(db, 9001);
    expect(await partitionsOf(db)).toContain("statement_lines_p9001");
    const got = await db.select({ lineNo: statementLines.lineNo, ptid: statementLines.providerTransactionId }).from(statementLines).where(sql`import_id = 9001`).orderBy(statementLines.lineNo);
    expect(got).toEqual([
      { lineNo: 1, ptid: "T-1" },
      { lineNo: 2, ptid: "T-2" },
    ]);
    // The parent's primary key, adopted from the one built after the load (and nothing else to keep up).
    const indexes = rowsOf<{ indexdef: string }>(await db.execute(sql`select indexdef from pg_indexes where tablename = 'statement_lines_p9001' order by indexdef`));
    expect(indexes.map((i) => i.indexdef.replace(/^.* USING /, ""))).toEqual(["btree (import_id, line_no)"]);
    await expect(db.insert(statementLines).values(line(9001, 2, "T-again"))).rejects.toThrow();

    await dropLinePartition(db, 9001);
    expect(await partitionsOf(db)).not.toContain("statement_lines_p9001");
    expect(await db.select().from(statementLines).where(sql`import_id = 9001`)).toHaveLength(0);
    await dropLinePartition(db, 9001); // nothing left: no error
  });

  it("refuses a line of another import, and a repeated line number when the key is built", async () => {
    const db = getDb();
    await createLinePartition(db, 9002);
    await expect(insertRaw(db, 9002, 1, "T-x", 9003)).rejects.toThrow();
    await insertRaw(db, 9002, 7, "T-a");
    await insertRaw(db, 9002, 7, "T-b");
    await expect(buildLineKey(db, 9002)).rejects.toThrow(/unique|duplicate/i);
    expect(await partitionsOf(db)).not.toContain("statement_lines_p9002");
    await dropLinePartition(db, 9002);
  });
});

describe("migration 0036", () => {
  it("moves the lines of earlier imports into a partition each, keys and all", { timeout: 120_000 }, async () => {
    // Migrate a fresh embedded database up to 0035, store lines the old way, then run the rest.
    const source = path.resolve("db/migrations");
    const dir = mkdtempSync(path.join(tmpdir(), "payops-0036-"));
    try {
      cpSync(source, dir, { recursive: true });
      const journal = JSON.parse(readFileSync(path.join(dir, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
      const upTo = journal.entries.findIndex((e) => e.tag.startsWith("0036_"));
      expect(upTo).toBeGreaterThan(0);
      writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));

      const handle = await openDb({ driver: "pglite", migrate: false });
      try {
        const { migrate } = await import("drizzle-orm/pglite/migrator");
        await migrate(handle.db as never, { migrationsFolder: dir });
        const db = handle.db;
        await db.execute(sql`insert into statement_lines (import_id, line_no, kind, provider_transaction_id, amount_minor, currency, occurred_at, status, raw)
          values (5, 1, 'payment', 'T-5a', 100, 'CNY', now(), 'success', '{"a":"1"}'), (5, 2, 'refund', 'T-5b', 50, 'CNY', now(), 'success', null),
                 (8, 1, 'payment', 'T-8a', 300, 'USD', now(), 'closed', '{"b":"2"}')`);

        await migrateDb(handle);
        expect(await partitionsOf(db)).toEqual(["statement_lines_p5", "statement_lines_p8"]);
        const rows = rowsOf<{ import_id: number; line_no: number; provider_transaction_id: string; raw: unknown }>(
          await db.execute(sql`select import_id, line_no, provider_transaction_id, raw from statement_lines order by 1, 2`),
        );
        expect(rows).toEqual([
          { import_id: 5, line_no: 1, provider_transaction_id: "T-5a", raw: { a: "1" } },
          { import_id: 5, line_no: 2, provider_transaction_id: "T-5b", raw: null },
          { import_id: 8, line_no: 1, provider_transaction_id: "T-8a", raw: { b: "2" } },
        ]);
        await expect(db.execute(sql`insert into statement_lines (import_id, line_no, kind, provider_transaction_id, amount_minor, currency, occurred_at, status)
          values (5, 1, 'payment', 'T-dup', 1, 'CNY', now(), 'success')`)).rejects.toThrow();
        const leftover = rowsOf<{ t: string | null }>(await db.execute(sql`select to_regclass('statement_lines_unpartitioned')::text as t`));
        expect(leftover[0]!.t).toBeNull();
      } finally {
        await handle.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
