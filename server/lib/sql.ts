import "server-only";
import { sql, type SQLWrapper } from "drizzle-orm";

/** db.execute() returns driver-specific result objects; every driver we use has `.rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
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
 * One column of many rows as a single array parameter, for `… FROM unnest($1::text[], $2::int[], …)`: the
 * statement text stays the same whatever the number of rows, and is built from one chunk per column.
 * Drizzle's multi-row `insert().values()` builds (and type-checks) every value of every row instead, which
 * the callback inbox paid for on each batch. Cast the parameter to its array type in SQL.
 */
export function columnOf<R>(rows: readonly R[], value: (row: R) => ColumnValue): SQLWrapper {
  return sql.param(arrayLiteral(rows.map(value)));
}

// A UTF-16 surrogate without its partner: UTF-8 cannot carry it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Rows as one JSON document, for `FROM json_to_recordset($1::json) AS x(col type, …)`: one native
 * JSON.stringify for a whole batch, JSON values (a reason, a notification) embedded as they are instead of
 * escaped again as text. Each string arrives as node-postgres would have sent it as a parameter: a lone
 * surrogate becomes U+FFFD (the driver's UTF-8 encoding does that), where JSON would carry it as a `\ud800`
 * escape that PostgreSQL refuses. JSON null is SQL NULL for every column type.
 */
export function jsonRecords(rows: readonly object[]): string {
  const json = JSON.stringify(rows);
  // JSON.stringify escapes nothing else as \ud…: without that text, no string held a lone surrogate.
  return json.includes("\\ud") ? JSON.stringify(rows, (_key, v: unknown) => (typeof v === "string" ? v.replace(LONE_SURROGATE, "\ufffd") : v)) : json;
}
