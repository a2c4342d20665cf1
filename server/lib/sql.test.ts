import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { arrayLiteral, columnsOf, idsFromArrayText, jsonRecordset, rowsOf } from "./sql";

const getDb = useTestDb();

// Text PostgreSQL can hold: no NUL, no lone surrogate (the callers sanitise or refuse those first).
const storable = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !s.includes("\u0000"));
// Characters an array literal gives meaning to, so the property meets them often.
const awkward = fc.string({ unit: fc.constantFrom('"', "\\", "{", "}", ",", " ", "\t", "\n", "N", "U", "L", "a", "é", "支"), maxLength: 10 });

describe("idsFromArrayText", () => {
  it("reads back the bigint[] text PostgreSQL writes, in its order; nothing aggregated is no ids", async () => {
    const [row] = rowsOf<{ some: string | null; none: string | null }>(
      await getDb().execute(sql`SELECT (SELECT array_agg(x ORDER BY o) FROM (VALUES (30, 1), (9007199254740991, 2), (1, 3)) v(x, o))::text AS some,
        (SELECT array_agg(x) FROM (VALUES (1)) v(x) WHERE false)::text AS none`),
    );
    expect(idsFromArrayText(row!.some)).toEqual([30, 9007199254740991, 1]);
    expect(idsFromArrayText(row!.none)).toEqual([]);
    expect(idsFromArrayText(undefined)).toEqual([]);
  });
});

describe("arrayLiteral", () => {
  it("quotes every element and escapes only quotes and backslashes", () => {
    expect(arrayLiteral([])).toBe("{}");
    expect(arrayLiteral(["a", null, undefined, "", "NULL", 'say "hi"', "back\\slash", 12, -1.5, true, false])).toBe(
      '{"a",NULL,NULL,"","NULL","say \\"hi\\"","back\\\\slash","12","-1.5","true","false"}',
    );
  });

  it("reads back in PostgreSQL as exactly the strings it was given, NULLs and empty strings apart", async () => {
    const db = getDb();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.oneof(storable, awkward), { nil: null }), { maxLength: 8 }), async (values) => {
        const rows = rowsOf<{ v: string[] }>(await db.execute(sql`select ${arrayLiteral(values)}::text[] as v`));
        expect(rows[0]!.v).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });

  it("numbers and booleans arrive as their types through columnsOf and unnest", async () => {
    const rows = [
      { n: 9007199254740991, b: true, t: "x" },
      { n: -3, b: false, t: null },
    ];
    const col = columnsOf(rows);
    const got = rowsOf<{ n: number | string; b: boolean; t: string | null }>(
      await getDb().execute(sql`select * from unnest(${col((r) => r.n)}::bigint[], ${col((r) => r.b)}::boolean[], ${col((r) => r.t)}::text[]) as u(n, b, t)`),
    );
    expect(got.map((r) => ({ ...r, n: Number(r.n) }))).toEqual(rows);
  });
});

describe("jsonRecordset", () => {
  const read = async (rows: { t: unknown; j: unknown }[]) =>
    rowsOf<{ t: string | null; j: unknown }>(await getDb().execute(sql`select t, j from ${jsonRecordset("r", { t: "text", j: "jsonb" }, rows)}`));

  it("carries text and JSON values exactly, in order, and JSON null as SQL NULL", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ t: fc.option(fc.oneof(storable, awkward), { nil: null }), j: fc.option(fc.dictionary(storable, storable, { maxKeys: 3 }), { nil: null }) }), { maxLength: 5 }), async (rows) => {
        expect(await read(rows)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it("turns a lone surrogate into U+FFFD, as the driver's UTF-8 encoding of a parameter does, and leaves pairs and look-alike text alone", async () => {
    const rows = [
      { t: "a\ud800b", j: { v: "\udc00 end", ok: "😀" } },
      { t: "literal \\ud800 and 😀", j: ["\\ud83d"] },
    ];
    expect(await read(rows)).toEqual([
      { t: "a\ufffdb", j: { v: "\ufffd end", ok: "😀" } },
      { t: "literal \\ud800 and 😀", j: ["\\ud83d"] },
    ]);
    // What node-postgres does with the same text as a parameter: the same replacement.
    expect(rowsOf<{ t: string }>(await getDb().execute(sql`select ${"a\ud800b"}::text as t`))[0]!.t).toBe("a\ufffdb");
  });
});
