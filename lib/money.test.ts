import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney, minorToMajorString, parseMajorToMinor } from "./money";

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

describe("formatMoney", () => {
  it("formats at the UI edge without float drift", () => {
    expect(formatMoney(1999, "CNY", "zh-CN")).toBe("¥19.99");
    expect(formatMoney(123456789012, "USD", "en-US")).toBe("$1,234,567,890.12");
  });
});
