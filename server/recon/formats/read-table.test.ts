import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCurrencyCode } from "@/lib/money";
import { currencyOf, RowProblem } from "./read-table";

describe("currencyOf", () => {
  it("reads each cell by itself, whatever cells came before (the last code read is kept for the next line)", () => {
    const cell = fc.constantFrom("CNY", "cny", "Cny", "USD", "usd", "JPY", "", "ABC", "yuan", " CNY");
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, fc.constantFrom("CNY", "USD", "")), { minLength: 1, maxLength: 20 }), (cells) => {
        for (const [text, fallback] of cells) {
          const code = (text || fallback).toUpperCase();
          if (isCurrencyCode(code)) expect(currencyOf(text, fallback)).toBe(code);
          else expect(() => currencyOf(text, fallback)).toThrow(RowProblem);
        }
      }),
      { numRuns: 500 },
    );
  });
});
