import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RawFields, RawHeader } from "./raw-fields";

/** What the import stored before RawFields: an object assigned column by column, then JSON.stringify. */
function asBefore(header: string[], cells: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) if (header[i] !== "") raw[header[i]!] = cells[i] ?? "";
  return raw;
}

// Names and cells that reach every branch: repeats, empty names, integer-like names (listed first by objects),
// quotes, backslashes, control characters, U+2028, paired and lone surrogates, CJK.
const text = fc.oneof(
  fc.constantFrom("", "0", "1", "10", "amount", "金额", 'a"b', "a\\b", "tab\there", "line\nbreak", "\u2028", "😀", "\ud800", "x\udfff", "\u0000", "\u001f"),
  fc.string({ unit: "binary", maxLength: 8 }),
);

describe("RawFields", () => {
  it("gives exactly the record that the object it replaced would (names, order, repeats)", () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 8 }), fc.array(text, { maxLength: 10 }), (header, cells) => {
        const fields = new RawFields(new RawHeader(header), cells, cells.join(","));
        const before = asBefore(header, cells);
        expect(fields.toRecord()).toEqual(before);
        expect(Object.keys(fields.toRecord())).toEqual(Object.keys(before));
        expect(JSON.stringify({ raw: fields })).toBe(JSON.stringify({ raw: before }));
      }),
      { numRuns: 2_000 },
    );
  });

  it("by hand: a repeated name keeps its last column in its first place; integer-like names come first", () => {
    const fields = new RawFields(new RawHeader(["b", "2", "b", "", "1"]), ["x", "y", 'q"z', "ignored", "w"], "");
    expect(JSON.stringify(fields)).toBe('{"1":"w","2":"y","b":"q\\"z"}');
    expect(JSON.stringify(new RawFields(new RawHeader([]), ["a"], "a"))).toBe("{}");
    expect(new RawFields(new RawHeader(["a", "b"]), ["only a"], "only a").toRecord()).toEqual({ a: "only a", b: "" });
  });
});
