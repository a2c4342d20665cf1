import "server-only";
import { sql, type SQLWrapper } from "drizzle-orm";

/** db.execute() returns driver-specific result objects; every driver we use has `.rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * One column of many rows as a single array parameter, for `… FROM unnest($1::text[], $2::int[], …)`: the
 * statement text stays the same whatever the number of rows, and is built from one chunk per column.
 * Drizzle's multi-row `insert().values()` builds (and type-checks) every value of every row instead, which
 * the callback inbox paid for on each batch. Values go to the driver as they are: pass dates as ISO
 * strings and JSON as text (cast in SQL), as Drizzle's column mappers would.
 */
export function columnOf<R, T>(rows: readonly R[], value: (row: R) => T): SQLWrapper {
  return sql.param(rows.map(value));
}

/** JSON text of a jsonb value as Drizzle's jsonb column writes it: null stays SQL NULL. */
export function jsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
