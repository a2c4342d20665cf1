import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { nodePgPoolOf, type Db } from "@/db/client";

/**
 * statement_lines is partitioned by import (migration 0036, ADR 0008). An import's lines go into a table of
 * their own, created bare (no index, no key) so loading a million lines appends rows instead of maintaining
 * a B-tree per row; the key is then built in one sort, and the table is attached as the import's partition
 * when the import completes. Until then nobody can read the lines through statement_lines, and a failed,
 * crashed or unchanged import is dropped whole, wherever it got to.
 */
export function linePartitionName(importId: number): string {
  if (!Number.isSafeInteger(importId) || importId <= 0) throw new RangeError(`import id must be a positive integer: ${importId}`);
  return `statement_lines_p${importId}`;
}

const keyName = (importId: number) => `"${linePartitionName(importId)}_pkey"`;

/**
 * An import's lines as a table name, for the import's own queries: the same table before the attach (while
 * the import is classified) and after it (as a partition, named by a constant: the planner reads only it).
 */
export function linesOf(importId: number): SQL {
  return sql.raw(`"${linePartitionName(importId)}"`);
}

/** The bare table an import loads into. Its CHECK lets the attach skip scanning the lines. */
export async function createLinePartition(db: Db, importId: number): Promise<void> {
  const table = linesOf(importId);
  await db.execute(sql`create table ${table} (like statement_lines including defaults)`);
  await db.execute(sql`alter table ${table} add constraint ${sql.raw(`"${linePartitionName(importId)}_import"`)} check (import_id = ${sql.raw(String(importId))})`);
}

const ANALYZED = ["import_id", "kind", "success", "provider_transaction_id", "order_no", "refund_no", "provider_refund_id"];

/**
 * Statistics of the import's lines: the matching joins are planned on them (hash joins, not loops). They need
 * row counts and how distinct the ids are, not fine histograms: a sample of 3,000 lines (statistics target
 * 10) instead of the default 30,000, which read most of a million-line table's pages.
 */
export async function analyzeLinePartition(db: Db, importId: number): Promise<void> {
  const table = linesOf(importId);
  await db.execute(sql`alter table ${table} ${sql.raw(ANALYZED.map((c) => `alter column ${c} set statistics 10`).join(", "))}`);
  await db.execute(sql`analyze ${table} (${sql.raw(ANALYZED.join(", "))})`);
}

/**
 * The key's index, built once over the loaded lines (a SHARE lock: the classification may read the lines
 * meanwhile, on another connection). A repeated line number fails here, as the key would have on insert.
 */
export async function buildLineKey(db: Db, importId: number): Promise<void> {
  await db.execute(sql.raw(keyStatement(importId)));
}

const keyStatement = (importId: number) => `create unique index ${keyName(importId)} on "${linePartitionName(importId)}" (import_id, line_no)`;

/**
 * buildLineKey, on node-postgres on a connection of its own taken from the pool before this returns: a
 * transaction that asks the pool afterwards and then waits for `built` can never hold the connection the key
 * is waiting for (with a pool of one, the key is simply built first). Elsewhere (PGlite: one connection) the
 * key is built before this returns.
 */
export async function startLineKey(db: Db, importId: number): Promise<{ built: Promise<void> }> {
  const pool = await nodePgPoolOf(db);
  if (!pool) {
    await buildLineKey(db, importId);
    return { built: Promise.resolve() };
  }
  const client = await pool.connect();
  const built = client.query(keyStatement(importId)).then(
    () => client.release(),
    (e: unknown) => {
      client.release();
      throw e;
    },
  );
  built.catch(() => undefined); // the caller awaits it; this only keeps an early failure from going unhandled meanwhile
  return { built };
}

/**
 * The built index becomes the primary key, and the table the import's partition: the parent adopts the key
 * instead of building its own, and the CHECK spares the attach a scan. Runs in the transaction that switches
 * the day to the import, so the lines appear in statement_lines exactly when the import completes.
 */
export async function attachLinePartition(db: Db, importId: number): Promise<void> {
  await db.execute(sql`alter table ${linesOf(importId)} add constraint ${sql.raw(keyName(importId))} primary key using index ${sql.raw(keyName(importId))}`);
  await db.execute(sql`alter table statement_lines attach partition ${linesOf(importId)} for values in (${sql.raw(String(importId))})`);
}

/** Removes an import's lines, attached or not (nothing if it never had any). */
export async function dropLinePartition(db: Db, importId: number): Promise<void> {
  await db.execute(sql`drop table if exists ${linesOf(importId)}`);
}
