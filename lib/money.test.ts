import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencyExponent, formatMoney, minorToMajorString, parseMajorToMinor } from "./money";

describe("parseMajorToMinor", () => {
  it("parses yuan strings exactly", () => {
    expect(parseMajorToMinor("12.30", "CNY")).toBe(1230);
    expect(parseMajorToMinor("0.01", "CNY")).toBe(1);
    expect(parseMajorToMinor("19.99", "CNY")).toBe(1999);
    expect(parseMajorToMinor("100", "CNY")).toBe(10000);
    expect(parseMajorToMinor("-5.00", "CNY")).toBe(-500);
    expect(parseMajorToMinor("0.1", "CNY")).toBe(10);
    expect(parseMajorToMinor("500", "JPY")).toBe(500);
    expect(parseMajorToMinor("1.234", "KWD")).toBe(1234);
  });
  it("rejects what is not an exact decimal of the currency", () => {
    for (const bad of ["", "1e3", "1,000.00", "12.345", "abc", "1.", ".5", " 1 2"]) {
      expect(() => parseMajorToMinor(bad, "CNY"), bad).toThrow(RangeError);
    }
    expect(() => parseMajorToMinor("1.5", "JPY")).toThrow(RangeError);
  });
  it("round-trips every safe amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom("CNY", "USD", "JPY", "KWD"), (minor, cur) => {
        expect(parseMajorToMinor(minorToMajorString(minor, cur), cur)).toBe(minor);
      }),
    );
  });
});

/** The regex-and-substring parser this one replaced: the oracle for what is accepted, the value and the error. */
function parseByRegex(text: string, currency: string): number {
  const exp = currencyExponent(currency);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a decimal amount: "${text}"`);
  const [, sign, whole, frac = ""] = m;
  if (frac.length > exp && !/^0*$/.test(frac.slice(exp))) throw new RangeError(`"${text}" has more than ${exp} decimals for ${currency}`);
  const value = Number((whole! + frac.slice(0, exp).padEnd(exp, "0")).replace(/^0+(?=\d)/, ""));
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount out of range: "${text}"`);
  return sign && value !== 0 ? -value : value;
}

const outcome = (f: () => number) => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
};

describe("parseMajorToMinor against the regex parser it replaced", () => {
  // Text from the characters an amount is made of and the ones that break it, lengths up to 20 digits
  // (past 2^53), padded with spaces; currencies with 0, 2, 3 and 4 decimals, lower case and unknown.
  const amountText = fc.oneof(
    fc.string({ unit: fc.constantFrom("0", "1", "5", "9", ".", "-", "+", " ", "e", ",", "\t"), maxLength: 24 }),
    fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.option(fc.string({ unit: fc.constantFrom("0", "3", "9"), minLength: 1, maxLength: 6 }))).map(
      ([neg, whole, frac]) => `${neg ? "-" : ""}${whole}${frac === null ? "" : `.${frac}`}`,
    ),
  );
  it("accepts, reads and refuses exactly the same text with the same message", () => {
    fc.assert(
      fc.property(amountText, fc.constantFrom("CNY", "JPY", "KWD", "CLF", "cny", "XXX"), (text, currency) => {
        expect(outcome(() => parseMajorToMinor(text, currency))).toEqual(outcome(() => parseByRegex(text, currency)));
      }),
      { numRuns: 20_000 },
    );
  });
  it("by hand: the edges", () => {
    expect(parseMajorToMinor("9007199254740.99", "CNY")).toBe(900719925474099);
    expect(parseMajorToMinor("90071992547409.91", "CNY")).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseMajorToMinor("90071992547409.92", "CNY")).toThrow("amount out of range");
    expect(parseMajorToMinor("-0.00", "CNY")).toBe(0);
    expect(Object.is(parseMajorToMinor("-0", "JPY"), 0)).toBe(true);
    expect(parseMajorToMinor("007.500", "CNY")).toBe(750);
    expect(parseMajorToMinor(" 1.2 ", "CNY")).toBe(120);
    expect(() => parseMajorToMinor("1.201", "CNY")).toThrow('"1.201" has more than 2 decimals for CNY');
  });
});

describe("formatMoney", () => {
  it("formats at the UI edge without float drift", () => {
    expect(formatMoney(1999, "CNY", "zh-CN")).toBe("¥19.99");
    expect(formatMoney(123456789012, "USD", "en-US")).toBe("$1,234,567,890.12");
  });
});
