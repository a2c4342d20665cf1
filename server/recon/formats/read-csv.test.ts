import { parse as parseSync } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvRecords, type CsvItem } from "./read-csv";

async function read(text: string, cuts: number[] = []): Promise<CsvItem[]> {
  async function* chunks() {
    let from = 0;
    for (const c of [...new Set(cuts)].filter((x) => x > 0 && x < text.length).sort((a, b) => a - b)) {
      yield text.slice(from, c);
      from = c;
    }
    yield text.slice(from);
  }
  const out: CsvItem[] = [];
  for await (const item of csvRecords(chunks())) out.push(item);
  return out;
}

const cell = fc.stringMatching(/^[a-z0-9 ,"\r\n中文`]{0,8}$/);

describe("csvRecords", () => {
  it("reads what csv-parse reads, for any quoting, line ends and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (rows, eol, cutSeeds) => {
          // Rows that would be blank lines are skipped by both readers; keep them out of the comparison.
          const data = rows.filter((r) => !(r.length === 1 && r[0] === ""));
          // Fields with a line break are quoted (a bare LF in a CRLF file ends a line for us, as in most readers).
          const text = stringify(data, { record_delimiter: eol === "\n" ? "unix" : "windows", quoted_match: /[\r\n]/ });
          const expected = parseSync(text, { record_delimiter: eol, relax_column_count: true, skip_empty_lines: true }) as string[][];
          const items = await read(text, cutSeeds.map((s) => s % (text.length + 1)));
          expect(items.every((i) => "row" in i)).toBe(true);
          expect(items.map((i) => ("row" in i ? i.row.cells : []))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("numbers records by the physical line they start on, counting empty lines and quoted line breaks", async () => {
    const items = await read('a,b\r\n\r\n1,"x\r\ny"\r\n\r\n3,4\r\n');
    expect(items.map((i) => ("row" in i ? i.row.lineNo : -1))).toEqual([1, 3, 6]);
  });

  it("an unclosed quote is a row error naming its lines, not the end of reading", async () => {
    const items = await read('a,b\n1,"open\n2,3\n');
    expect(items[1]).toEqual({ error: { lineNo: 2, message: expect.stringContaining("lines 2–3"), raw: '1,"open' } });
  });

  it("a quote inside an unquoted field is text", async () => {
    const items = await read('7,8"x\n9,10\n');
    expect(items.map((i) => ("row" in i ? i.row.cells : null))).toEqual([["7", '8"x'], ["9", "10"]]);
  });
});
