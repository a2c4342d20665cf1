import { and, eq, getTableColumns, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { orders } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { ValidationError } from "./errors";
import { decodeCursor, encodeCursor, keyset, type KeysetSort } from "./keyset";

const getDb = useTestDb();

const newestFirst: KeysetSort = {
  name: "test.created",
  keys: [
    { expr: orders.createdAt, kind: "timestamptz" },
    { expr: orders.id, kind: "uuid" },
  ],
  direction: "desc",
};
const oldestFirst: KeysetSort = { ...newestFirst, name: "test.created.asc", direction: "asc" };

async function page(db: Db, sort: KeysetSort, userId: string, cursor?: string, limit = 3) {
  const ks = keyset(sort, cursor, limit);
  const rows = await db
    .select({ ...getTableColumns(orders), ...ks.select })
    .from(orders)
    .where(and(eq(orders.userId, userId), ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  return ks.page(rows);
}

async function all(db: Db, sort: KeysetSort, userId: string, limit = 3, between?: (i: number) => Promise<unknown>) {
  const seen: string[] = [];
  let cursor: string | undefined;
  let i = 0;
  do {
    const p = await page(db, sort, userId, cursor, limit);
    seen.push(...p.items.map((o) => o.orderNo));
    cursor = p.nextCursor ?? undefined;
    await between?.(i++);
  } while (cursor);
  return seen;
}

const insert = (db: Db, userId: string, rows: { orderNo: string; createdAt: Date | ReturnType<typeof sql> }[]) =>
  db.insert(orders).values(rows.map((r) => ({ ...r, userId, amountMinor: 100, currency: "CNY", provider: "sandbox" as const })));

beforeAll(async () => {
  const db = getDb();
  // Ten orders in three microsecond-distinct instants of the same millisecond, plus exact ties: a cursor
  // holding a JS Date (milliseconds) would repeat or skip these.
  const at = (micros: number) => sql`'2025-11-20T00:00:00.123000Z'::timestamptz + ${`${micros} microseconds`}::interval`;
  await insert(
    db,
    "ties",
    Array.from({ length: 10 }, (_, i) => ({ orderNo: `T-${i}`, createdAt: at(i % 3) })),
  );
});

describe("keyset", () => {
  it("pages through ties on equal and sub-millisecond timestamps exactly once, both directions", async () => {
    const db = getDb();
    for (const limit of [1, 2, 3, 4, 10, 11]) {
      const desc = await all(db, newestFirst, "ties", limit);
      expect(desc).toHaveLength(10);
      expect(new Set(desc).size).toBe(10);
      const asc = await all(db, oldestFirst, "ties", limit);
      expect(asc).toEqual([...desc].reverse());
    }
    // Newest instant first: T-2, T-5, T-8 share the latest microsecond.
    expect((await all(db, newestFirst, "ties")).slice(0, 3).sort()).toEqual(["T-2", "T-5", "T-8"]);
  });

  it("says there is no next page when the last page is exactly full", async () => {
    const p = await page(getDb(), newestFirst, "ties", undefined, 10);
    expect(p.items).toHaveLength(10);
    expect(p.nextCursor).toBeNull();
    expect(p.items[0]).not.toHaveProperty("__keyset");
  });

  it("neither skips nor repeats a row when newer rows arrive between pages", async () => {
    const db = getDb();
    const base = Date.parse("2025-11-21T00:00:00Z");
    await insert(
      db,
      "live",
      Array.from({ length: 9 }, (_, i) => ({ orderNo: `L-${i}`, createdAt: new Date(base + Math.floor(i / 2) * 1000) })),
    );
    const seen = await all(db, newestFirst, "live", 2, (i) =>
      // Newer than anything paged so far (the usual case) and one tied with the rows already shown.
      insert(db, "live", [
        { orderNo: `N-${i}`, createdAt: new Date(base + 60_000 + i) },
        ...(i === 1 ? [{ orderNo: `N-tie`, createdAt: new Date(base + 4000) }] : []),
      ]),
    );
    const original = seen.filter((n) => n.startsWith("L-"));
    expect(original.sort()).toEqual(Array.from({ length: 9 }, (_, i) => `L-${i}`).sort());
    expect(new Set(seen).size).toBe(seen.length);
    // Rows inserted ahead of the cursor are not on later pages: a user sees them on the first page again.
    expect(seen.some((n) => n.startsWith("N-") && n !== "N-tie")).toBe(false);
  });

  it("rejects a bad, tampered or foreign cursor with a BAD_REQUEST, before it reaches SQL", async () => {
    const db = getDb();
    const good = (await page(db, newestFirst, "ties")).nextCursor!;
    expect(decodeCursor(newestFirst, good)).toHaveLength(2);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const bad = [
      "not base64 at all!",
      b64("just a string"),
      b64({ s: "test.created", k: ["2025-11-20 00:00:00+00"] }),
      b64({ s: "test.created", k: ["yesterday", "5f0c8a3e-0000-4000-8000-000000000000"] }),
      b64({ s: "test.created", k: ["2025-11-20 00:00:00+00", "1; drop table orders"] }),
      b64({ s: "orders.created", k: decodeCursor(newestFirst, good) }),
      good, // made for the descending sort
      "x".repeat(3000),
    ];
    for (const c of bad) {
      const sortFor = c === good ? oldestFirst : newestFirst;
      expect(() => keyset(sortFor, c, 3), c.slice(0, 40)).toThrow(ValidationError);
    }
    expect(decodeCursor(newestFirst, encodeCursor(newestFirst, ["2025-11-20T00:00:00.123456+08:00", "5f0c8a3e-0000-4000-8000-000000000000"]))).toEqual([
      "2025-11-20T00:00:00.123456+08:00",
      "5f0c8a3e-0000-4000-8000-000000000000",
    ]);
  });

  it("clamps the page size to 1..200", () => {
    expect(keyset(newestFirst, undefined, 0).limit).toBe(2);
    expect(keyset(newestFirst, undefined, 10_000).limit).toBe(201);
    expect(keyset(newestFirst, undefined).limit).toBe(51);
  });
});
