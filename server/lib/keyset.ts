import "server-only";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ValidationError } from "./errors";

/**
 * Keyset ("seek") paging, the one way every console list pages: the cursor holds the sort key values of
 * the last row shown, and the next page is `WHERE (k1, …, id) < (v1, …, vid) ORDER BY k1 DESC, …, id DESC
 * LIMIT n+1`, which an index on (filter columns…, k1, …, id) answers by seeking, so page 1,000 costs what
 * page 1 costs. Cursors are opaque to clients (base64url JSON of the key values as PostgreSQL prints
 * them): timestamps keep their microseconds, which a JS Date would round to milliseconds and so repeat or
 * skip rows that share a millisecond.
 */

/** What a key value is, for validating a cursor and casting it back in the predicate. */
export type KeyKind = "timestamptz" | "bigint" | "uuid" | "text";

export interface KeysetKey {
  expr: AnyColumn | SQL;
  kind: KeyKind;
}

export interface KeysetSort {
  /** Named so that a cursor made for one sort is refused by another. */
  name: string;
  /** Most significant first; the last key must be unique (the primary key) so the order is total. */
  keys: readonly KeysetKey[];
  /** One direction for all keys: that is what a row comparison and a plain index scan can serve. */
  direction: "asc" | "desc";
}

const keyValue: Record<KeyKind, z.ZodType<string>> = {
  // As PostgreSQL prints timestamptz (`2025-11-20 08:00:00.123456+00`, ISO "T" and ":" offsets accepted).
  timestamptz: z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2}){0,2})$/),
  bigint: z.string().regex(/^-?\d{1,19}$/),
  uuid: z.uuid(),
  text: z.string().max(256),
};

const cast: Record<KeyKind, SQL> = {
  timestamptz: sql.raw("timestamptz"),
  bigint: sql.raw("bigint"),
  uuid: sql.raw("uuid"),
  text: sql.raw("text"),
};

const cursorShape = z.object({ s: z.string(), k: z.array(z.string()) });

export function encodeCursor(sort: KeysetSort, values: readonly string[]): string {
  return Buffer.from(JSON.stringify({ s: sort.name, k: values }), "utf8").toString("base64url");
}

/** The key values of a cursor made for `sort`; anything else (tampered, stale, another list's) is a BAD_REQUEST. */
export function decodeCursor(sort: KeysetSort, cursor: string): string[] {
  const invalid = () => new ValidationError("invalid cursor");
  if (cursor.length > 2048) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const shape = cursorShape.safeParse(parsed);
  if (!shape.success || shape.data.s !== sort.name || shape.data.k.length !== sort.keys.length) throw invalid();
  const values = shape.data.k;
  sort.keys.forEach((key, i) => {
    if (!keyValue[key.kind].safeParse(values[i]).success) throw invalid();
  });
  return values;
}

export const KEYSET_FIELD = "__keyset" as const;

export interface KeysetQuery {
  /** Spread into the select: the sort key values as text, for the next cursor. */
  select: { [KEYSET_FIELD]: SQL<string[]> };
  /** AND it with the filters: rows after the cursor (undefined on the first page). */
  where: SQL | undefined;
  orderBy: SQL[];
  /** limit + 1: the extra row only says whether there is a next page. */
  limit: number;
  /** Cuts the extra row off, drops the key field and makes the next cursor. */
  page<R extends { [KEYSET_FIELD]: string[] }>(rows: R[]): KeysetPage<Omit<R, typeof KEYSET_FIELD>>;
}

export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * The pieces of one keyset page for a Drizzle query:
 *
 *   const ks = keyset(sort, input.cursor, input.limit);
 *   const rows = await db.select({ ...getTableColumns(t), ...ks.select }).from(t)
 *     .where(and(...filters, ks.where)).orderBy(...ks.orderBy).limit(ks.limit);
 *   return ks.page(rows);
 */
export function keyset(sort: KeysetSort, cursor: string | undefined, limit: number = DEFAULT_PAGE_SIZE): KeysetQuery {
  if (sort.keys.length === 0) throw new Error(`keyset sort ${sort.name} has no keys`);
  const size = Math.min(Math.max(Math.trunc(limit), 1), MAX_PAGE_SIZE);
  const exprs = sort.keys.map((k) => sql`${k.expr}`);
  let where: SQL | undefined;
  if (cursor !== undefined) {
    const values = decodeCursor(sort, cursor);
    const params = sort.keys.map((k, i) => sql`cast(${values[i]} as ${cast[k.kind]})`);
    const op = sql.raw(sort.direction === "desc" ? "<" : ">");
    where = sql`(${sql.join(exprs, sql`, `)}) ${op} (${sql.join(params, sql`, `)})`;
  }
  // Our indexes are declared "desc nulls last" (drizzle's .desc()); an ORDER BY must say the same to be
  // served by them, forwards (desc) or backwards (asc nulls first). Keys are never null.
  const dir = sql.raw(sort.direction === "desc" ? "desc nulls last" : "asc nulls first");
  return {
    select: { [KEYSET_FIELD]: sql<string[]>`array[${sql.join(exprs.map((e) => sql`(${e})::text`), sql`, `)}]` },
    where,
    orderBy: exprs.map((e) => sql`${e} ${dir}`),
    limit: size + 1,
    page(rows) {
      const more = rows.length > size;
      const kept = rows.slice(0, size);
      const last = kept[kept.length - 1];
      const items = kept.map(({ [KEYSET_FIELD]: _keys, ...rest }) => rest);
      return { items, nextCursor: more && last ? encodeCursor(sort, last[KEYSET_FIELD]) : null };
    },
  };
}

/** Router input for a cursor: opaque, bounded; its content is checked by decodeCursor. */
export const cursorInput = z.string().min(1).max(2048);
