import { describe, expect, it } from "vitest";
import { CURRENCY_EXPONENTS, currencyExponent, isCurrencyCode } from "./currency";
import { formatMoney, minorToMajorString, parseMajorToMinor } from "./money";

describe("ISO 4217 table", () => {
  it("knows the currencies we are paid in, with their minor units", () => {
    // Hand-written from ISO 4217, not read back from the table under test.
    const expected: Record<string, number> = { CNY: 2, USD: 2, EUR: 2, HKD: 2, JPY: 0, KRW: 0, VND: 0, CLP: 0, KWD: 3, BHD: 3, TND: 3, CLF: 4, IDR: 2, HUF: 2 };
    for (const [code, exp] of Object.entries(expected)) {
      expect(isCurrencyCode(code), code).toBe(true);
      expect(currencyExponent(code), code).toBe(exp);
    }
  });

  it("refuses three letters that are not a currency in use, and lower case", () => {
    for (const bad of ["ABC", "XXX", "XAU", "XTS", "ZZZ", "cny", "CN", "CNYY", "", "constructor", "toString", "__proto__"]) {
      expect(isCurrencyCode(bad), bad).toBe(false);
    }
    expect(() => currencyExponent("ABC")).toThrow(RangeError);
    expect(() => currencyExponent("toString")).toThrow(RangeError);
  });

  it("answers each code by itself, whatever was asked before it (the last answer is kept for the next call)", () => {
    // Hand-written: the same code twice, lower case after upper case, unknown codes between known ones.
    const asked: [string, number | "throws"][] = [
      ["CNY", 2], ["CNY", 2], ["JPY", 0], ["jpy", 0], ["KWD", 3], ["ABC", "throws"], ["KWD", 3], ["", "throws"], ["CLF", 4], ["cny", 2], ["CNY", 2],
    ];
    for (const [code, exp] of asked) {
      if (exp === "throws") expect(() => currencyExponent(code), code).toThrow(RangeError);
      else expect(currencyExponent(code), code).toBe(exp);
    }
  });

  it("has every entry as three capital letters with an exponent of 0, 2, 3 or 4", () => {
    const codes = Object.keys(CURRENCY_EXPONENTS);
    expect(codes.length).toBeGreaterThan(150);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(CURRENCY_EXPONENTS[code]);
    }
  });

  it("drives parsing and formatting by the currency's exponent", () => {
    expect(parseMajorToMinor("1.2345", "CLF")).toBe(12345);
    expect(minorToMajorString(12345, "CLF")).toBe("1.2345");
    expect(() => parseMajorToMinor("1.00", "ABC")).toThrow(RangeError);
    expect(formatMoney(1234, "KWD", "en-US")).toMatch(/1\.234/);
    expect(formatMoney(500, "JPY", "en-US")).toMatch(/500$/);
    expect(formatMoney(500, "JPY", "en-US")).not.toMatch(/\./);
    // Stored before validation existed: shown plainly, never thrown.
    expect(formatMoney(100, "ABC", "en-US")).toBe("100 ABC (minor units)");
  });
});
