import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLocalTime, parseStatementTime } from "./statement-time";

/** What the general path makes of an RFC 3339 UTC time: the string parser's answer, undefined when invalid. */
function byDate(text: string): Date | undefined {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(""));
// Any digits in every place: months 00–99, day 31 of a 30-day month, Feb 29 of leap and common years,
// hour 24, years before 100. Some days and months are biased into range so valid times are common too.
const isoUtc = fc
  .tuple(
    fc.oneof(digits(4), fc.constantFrom("2024", "2026", "2100", "2000", "1900", "0099", "0000")),
    fc.oneof(digits(2), fc.constantFrom("01", "02", "04", "11", "12")),
    fc.oneof(digits(2), fc.constantFrom("01", "28", "29", "30", "31")),
    fc.oneof(digits(2), fc.constantFrom("00", "23", "24")),
    digits(2),
    digits(2),
    fc.option(digits(3)),
  )
  .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${ms === null ? "" : `.${ms}`}Z`);

describe("parseStatementTime", () => {
  it("reads the common RFC 3339 UTC forms exactly as Date's string parser does, valid or not", () => {
    fc.assert(
      fc.property(isoUtc, (text) => {
        expect(parseStatementTime(text, "UTC")).toEqual(byDate(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it("gives the same answers when runs of times share their day (the day is worked out once per day)", () => {
    // A statement's lines: runs on one day, then another; valid and invalid days and clocks mixed.
    const day = isoUtc.map((t) => t.slice(0, 11));
    const clock = isoUtc.map((t) => t.slice(11));
    fc.assert(
      fc.property(fc.array(fc.tuple(day, fc.array(clock, { minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 6 }), (runs) => {
        for (const [d, clocks] of runs) for (const c of clocks) expect(parseStatementTime(d + c, "UTC")).toEqual(byDate(d + c));
      }),
      { numRuns: 2_000 },
    );
  });

  it("reads any clock on a known day or afresh as the general path does: RFC 3339 by Date's parser, the rest as wall-clock time", () => {
    // Times with any character in any place (a letter for a digit, another separator, a missing Z): the
    // hand-read path must refuse exactly what is not its form and read the rest as Date does, whether the day
    // was read just before (only the clock is read then) or not.
    const junk = fc.constantFrom("a", "/", ":", " ", ".", "Z", "-", "T", "+", "٣", "0", "9", "");
    const mangled = fc.tuple(isoUtc, fc.nat(), junk).map(([t, at, c]) => {
      const i = at % t.length;
      return t.slice(0, i) + c + t.slice(i + 1);
    });
    const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
    const expected = (text: string) => (rfc3339.test(text) ? byDate(text) : parseLocalTime(text.trim(), "UTC"));
    fc.assert(
      fc.property(fc.oneof(isoUtc, mangled), fc.boolean(), (text, known) => {
        parseStatementTime(known ? `${text.slice(0, 11)}00:00:00Z` : "1999-01-01T00:00:00Z", "UTC");
        expect(parseStatementTime(text, "UTC")).toEqual(expected(text));
      }),
      { numRuns: 10_000 },
    );
  });

  it("by hand: the hand-read forms and the ones left to the general path", () => {
    expect(parseStatementTime("2026-11-24T03:00:00Z", "Asia/Shanghai")).toEqual(new Date(Date.UTC(2026, 10, 24, 3)));
    expect(parseStatementTime("2026-11-24T03:00:00.120Z", "UTC")).toEqual(new Date(Date.UTC(2026, 10, 24, 3, 0, 0, 120)));
    expect(parseStatementTime("2024-02-29T23:59:59Z", "UTC")).toEqual(new Date(Date.UTC(2024, 1, 29, 23, 59, 59)));
    // left to Date (as before): 24:00 is the next day, a day past the month's end rolls over
    expect(parseStatementTime("2026-11-24T24:00:00Z", "UTC")).toEqual(new Date(Date.UTC(2026, 10, 25)));
    expect(parseStatementTime("0099-01-01T00:00:00Z", "UTC")?.getUTCFullYear()).toBe(99);
    expect(parseStatementTime(" 2026-11-24T03:00:00Z ", "UTC")).toEqual(new Date(Date.UTC(2026, 10, 24, 3)));
    expect(parseStatementTime("2026-11-24T03:00:00+08:00", "UTC")).toEqual(new Date(Date.UTC(2026, 10, 23, 19)));
    expect(parseStatementTime("2026-13-01T00:00:00Z", "UTC")).toBeUndefined();
  });
});
