import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPostgresRun, useTestDb } from "@/test/db";
import { overrideEnv } from "@/test/override-env";
import { arrayLiteral, columnsOf, executePrepared, idsFromArrayText, jsonRecordset, rowsOf } from "./sql";

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

describe("executePrepared", () => {
  // The statements this connection holds prepared, by name (PostgreSQL keeps them per session).
  const preparedHere = async (tx: ReturnType<typeof getDb>) =>
    rowsOf<{ name: string; statement: string }>(await tx.execute(sql`SELECT name, statement FROM pg_prepared_statements ORDER BY name`));

  it("answers what db.execute answers, on every driver", async () => {
    const q = (n: number) => sql`SELECT ${n}::int AS n, ${"支付 \"ok\""}::text AS t`;
    const [a] = rowsOf<{ n: number; t: string }>(await executePrepared(getDb(), "test_same", q(7)));
    const [b] = rowsOf<{ n: number; t: string }>(await getDb().execute(q(7)));
    expect(a).toEqual(b);
    expect(a).toEqual({ n: 7, t: '支付 "ok"' });
  });

  it.runIf(isPostgresRun())("PostgreSQL: prepares each text once per connection under its own name, and reruns it with new values", async () => {
    await getDb().transaction(async (tx) => {
      const one = (n: number) => sql`SELECT ${n}::int + 1 AS n`;
      const two = (n: number) => sql`SELECT ${n}::int + 2 AS n`;
      expect(rowsOf<{ n: number }>(await executePrepared(tx, "test_one", one(1)))[0]!.n).toBe(2);
      expect(rowsOf<{ n: number }>(await executePrepared(tx, "test_one", one(41)))[0]!.n).toBe(42);
      expect(rowsOf<{ n: number }>(await executePrepared(tx, "test_two", two(1)))[0]!.n).toBe(3);
      const mine = (await preparedHere(tx)).filter((r) => /^payops_test_(one|two)_/.test(r.name));
      // One statement per text, each under a name of its own, holding the text with its parameter.
      expect(mine.map((r) => r.statement)).toEqual(["SELECT $1::int + 1 AS n", "SELECT $1::int + 2 AS n"]);
      expect(new Set(mine.map((r) => r.name)).size).toBe(2);
    });
  });

  it.runIf(isPostgresRun())("PostgreSQL: DATABASE_PREPARED_STATEMENTS=false prepares nothing (a pooler that cannot carry them)", async () => {
    const restore = overrideEnv({ DATABASE_PREPARED_STATEMENTS: "false" });
    try {
      await getDb().transaction(async (tx) => {
        const q = sql`SELECT ${5}::int * 3 AS n`;
        expect(rowsOf<{ n: number }>(await executePrepared(tx, "test_off", q))[0]!.n).toBe(15);
        expect((await preparedHere(tx)).map((r) => r.statement)).not.toContain("SELECT $1::int * 3 AS n");
      });
    } finally {
      restore();
    }
  });

  // Last in this file: it fills the module's table of prepared texts.
  it.runIf(isPostgresRun())("PostgreSQL: a caller whose text keeps changing stops being prepared after 64 texts, and still gets its answer", async () => {
    await getDb().transaction(async (tx) => {
      for (let i = 0; i < 70; i++) {
        const [row] = rowsOf<{ n: number }>(await executePrepared(tx, "test_varying", sql`SELECT ${i}::int AS n, ${sql.raw(String(i))} AS k`));
        expect(row!.n).toBe(i);
      }
      const held = (await preparedHere(tx)).filter((r) => r.name.startsWith("payops_test_varying_")).map((r) => r.name);
      // 64 texts in all, some taken by the tests above; none beyond. A name's number is how many texts had
      // one before it, so the 64th text is _63, and there is no _64.
      expect(held.length).toBeGreaterThan(0);
      expect(held.length).toBeLessThanOrEqual(64);
      expect(held).toContain("payops_test_varying_63");
      expect(held).not.toContain("payops_test_varying_64");
      expect((await preparedHere(tx)).map((r) => r.statement)).not.toContain("SELECT $1::int AS n, 69 AS k");
    });
  });
});
