import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * statement_lines is partitioned by import (migration 0036, ADR 0008). An import's lines go into a table of
 * their own, created bare (no index, no key) so loading a million lines appends rows instead of maintaining
 * a B-tree per row; the primary key is then built in one sort, and the table is attached as the import's
 * partition. Until then nobody can read the lines through statement_lines, and a failed, crashed or
 * unchanged import is dropped whole, wherever it got to.
 */
export function linePartitionName(importId: number): string {
  if (!Number.isSafeInteger(importId) || importId <= 0) throw new RangeError(`import id must be a positive integer: ${importId}`);
  return `statement_lines_p${importId}`;
}

const ident = (importId: number) => sql.raw(`"${linePartitionName(importId)}"`);

/** The bare table an import loads into. Its CHECK lets the attach skip scanning the lines. */
export async function createLinePartition(db: Db, importId: number): Promise<void> {
  const table = ident(importId);
  await db.execute(sql`create table ${table} (like statement_lines including defaults)`);
  await db.execute(sql`alter table ${table} add constraint ${sql.raw(`"${linePartitionName(importId)}_import"`)} check (import_id = ${sql.raw(String(importId))})`);
}

/**
 * The primary key (built once over the loaded lines), fresh statistics, then the attach: the parent adopts
 * the key's index instead of building its own. A duplicate line number fails here, as the key would have on
 * insert.
 */
export async function attachLinePartition(db: Db, importId: number): Promise<void> {
  const table = ident(importId);
  const id = sql.raw(String(importId));
  await db.execute(sql`alter table ${table} add primary key (import_id, line_no)`);
  // Statistics of the import's own partition: the matching joins are planned on them (hash joins, not loops).
  await db.execute(sql`analyze ${table} (import_id, kind, success, provider_transaction_id, order_no, refund_no, provider_refund_id)`);
  await db.execute(sql`alter table statement_lines attach partition ${table} for values in (${id})`);
}

/** Removes an import's lines, attached or not (nothing if it never had any). */
export async function dropLinePartition(db: Db, importId: number): Promise<void> {
  await db.execute(sql`drop table if exists ${ident(importId)}`);
}
