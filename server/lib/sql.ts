import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { PgDialect, PgSession } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { getEnv } from "../env";

/** db.execute() returns driver-specific result objects; every driver we use has `.rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

// Statement texts seen by executePrepared, each with the name it is prepared under on every connection.
const preparedNames = new Map<string, string>();
/** More distinct texts than this and a caller is building varying text: run it unprepared instead. */
const MAX_PREPARED_TEXTS = 64;

/**
 * db.execute() as a named prepared statement: on each connection, PostgreSQL parses and analyses the text once
 * and, after five runs, may keep one generic plan for it, so later runs only bind and execute. Parsing and
 * planning the callback hot path's few large statements had been about a fifth of PostgreSQL's CPU for it
 * (docs/PERFORMANCE.md). The text must not vary with the data (values go as parameters), and its plan must
 * suit any values, since the generic plan is made without them (see applyPaymentsInSql). The name is `label`
 * plus a number given per text, so two texts never share one. node-postgres and Neon's WebSocket pool keep
 * prepared statements per connection; PGlite runs the text as it would unprepared.
 * `DATABASE_PREPARED_STATEMENTS=false` turns it off (a pooler in transaction mode that cannot carry them).
 */
export function executePrepared(db: Db, label: string, query: SQL): Promise<unknown> {
  // What db.execute() itself uses (Drizzle keeps them off its public type); every driver's test runs this path.
  const d = db as unknown as { dialect: PgDialect; _: { session: PgSession } };
  const compiled = d.dialect.sqlToQuery(query);
  let name: string | undefined;
  if (getEnv().DATABASE_PREPARED_STATEMENTS === "true") {
    name = preparedNames.get(compiled.sql);
    if (name === undefined && preparedNames.size < MAX_PREPARED_TEXTS) {
      name = `payops_${label}_${preparedNames.size}`;
      preparedNames.set(compiled.sql, name);
    }
  }
  return d._.session.prepareQuery(compiled, undefined, name, false).execute();
}

/** What an array parameter's element may be: dates go as ISO strings and JSON as text (cast in SQL). */
export type ColumnValue = string | number | boolean | null | undefined;

const QUOTE_OR_BACKSLASH = /["\\]/;
const QUOTES_AND_BACKSLASHES = /["\\]/g;

/**
 * A PostgreSQL array literal of `values` ('{"a","b\\"c",NULL}'), every element quoted, so `NULL` and "" stay
 * text. node-postgres builds the same literal from a JS array, but with two regex replaces per element and a
 * concatenated string: for a batch of callbacks, whose values are JSON text full of quotes, that was a third
 * of the applier's garbage.
 */
export function arrayLiteral(values: readonly ColumnValue[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      parts[i] = "NULL";
      continue;
    }
    const text = typeof v === "string" ? v : String(v);
    parts[i] = QUOTE_OR_BACKSLASH.test(text) ? `"${text.replace(QUOTES_AND_BACKSLASHES, "\\$&")}"` : `"${text}"`;
  }
  return `{${parts.join(",")}}`;
}

/**
 * A `bigint[]` the statement returned as text (`array_agg(id)::text`, so every driver answers alike) back to
 * numbers: '{3,1,2}' → [3, 1, 2]; SQL NULL (no rows aggregated) → [].
 */
export function idsFromArrayText(text: string | null | undefined): number[] {
  return text ? text.slice(1, -1).split(",").map(Number) : [];
}

/**
 * The columns of many rows as array parameters, for `… FROM unnest($1::text[], $2::int[], …)`:
 * `const col = columnsOf(rows)`, then `${col((r) => r.orderNo)}::text[]` per column. The statement text stays
 * the same whatever the number of rows and is built from one chunk per column; Drizzle's multi-row
 * `insert().values()` builds (and type-checks) every value of every row instead, which the callback inbox
 * paid for on each batch. Cast each parameter to its array type in SQL.
 */
export function columnsOf<R>(rows: readonly R[]): (value: (row: R) => ColumnValue) => SQLWrapper {
  return (value) => sql.param(arrayLiteral(rows.map(value)));
}

/**
 * `json_to_recordset($1::json) AS alias(column type, …)` over `rows`, whose keys are the columns (the
 * compiler checks every row has each of them). The batch goes as one JSON document: one native
 * JSON.stringify, and JSON values (a reason, a notification) embedded as they are instead of escaped again as
 * text. Each string arrives as node-postgres would have sent it as a parameter: a lone surrogate becomes
 * U+FFFD (what the driver's UTF-8 encoding does), where JSON would carry it as a `\ud800` escape that
 * PostgreSQL refuses. JSON null is SQL NULL for every column type.
 */
export function jsonRecordset<C extends Record<string, string>>(alias: string, columns: C, rows: readonly { [K in keyof C]: unknown }[]): SQL {
  let json = JSON.stringify(rows);
  // JSON.stringify escapes nothing else as \ud…: without that text, no string held a lone surrogate.
  if (json.includes("\\ud")) json = JSON.stringify(rows, (_key, v: unknown) => (typeof v === "string" ? v.toWellFormed() : v));
  const list = Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(", ");
  return sql`json_to_recordset(${json}::json) AS ${sql.raw(alias)}(${sql.raw(list)})`;
}

/** The column names of a `jsonRecordset` spec, for the INSERT's column list and the SELECT. */
export function columnList(columns: Record<string, string>): SQL {
  return sql.raw(Object.keys(columns).join(", "));
}
