import { describe, expect, it } from "vitest";
import { isRecord, parseJsonObject, safeInt, str } from "./fields";

describe("provider JSON narrowing", () => {
  it("isRecord: objects only, not null or arrays", () => {
    expect(isRecord({ a: 1 })).toBe(true);
    expect(isRecord(null)).toBe(false);
    expect(isRecord([])).toBe(false);
    expect(isRecord("x")).toBe(false);
  });

  it("parseJsonObject: an object, else undefined", () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject("null")).toBeUndefined();
    expect(parseJsonObject("[1]")).toBeUndefined();
    expect(parseJsonObject("{")).toBeUndefined();
  });

  it("str: a non-empty string, else undefined", () => {
    expect(str({ k: "v" }, "k")).toBe("v");
    expect(str({ k: "" }, "k")).toBeUndefined();
    expect(str({ k: 1 }, "k")).toBeUndefined();
  });

  it("safeInt: a JSON safe integer, else undefined", () => {
    expect(safeInt({ k: 1999 }, "k")).toBe(1999);
    expect(safeInt({ k: "1999" }, "k")).toBeUndefined();
    expect(safeInt({ k: 19.99 }, "k")).toBeUndefined();
    expect(safeInt({ k: 2 ** 53 }, "k")).toBeUndefined();
  });
});
