import { describe, expect, it } from "vitest";
import { formatBeijingTime, parseBeijingTime, parseRfc3339 } from "./beijing-time";

describe("parseBeijingTime", () => {
  it("reads yyyy-MM-dd HH:mm:ss as UTC+8, surrounding whitespace allowed", () => {
    expect(parseBeijingTime("2026-09-15 10:30:05")).toEqual(new Date("2026-09-15T02:30:05Z"));
    expect(parseBeijingTime(" 2026-09-15 10:30:05\n")).toEqual(new Date("2026-09-15T02:30:05Z"));
    expect(parseBeijingTime("2026-01-01 07:59:59")).toEqual(new Date("2025-12-31T23:59:59Z"));
  });

  it("accepts the last second of a day, hour and minute", () => {
    expect(parseBeijingTime("2026-09-15 23:59:59")).toEqual(new Date("2026-09-15T15:59:59Z"));
  });

  it("refuses other shapes", () => {
    for (const t of ["", "yesterday", "2026-09-15T10:30:05", "x2026-09-15 10:30:05", "2026-09-15 10:30:05x", "2026-09-15 10:30:05.123", "2026-9-15 10:30:05"]) {
      expect(parseBeijingTime(t), t).toBeUndefined();
    }
  });

  it("refuses out-of-range fields instead of rolling them over", () => {
    for (const t of ["2026-13-01 00:00:00", "2026-00-10 00:00:00", "2026-02-29 00:00:00", "2026-09-31 00:00:00", "2026-09-00 00:00:00", "2026-09-15 24:00:00", "2026-09-15 10:60:00", "2026-09-15 10:30:60", "0050-01-01 00:00:00"]) {
      expect(parseBeijingTime(t), t).toBeUndefined();
    }
    expect(parseBeijingTime("2028-02-29 12:00:00")).toEqual(new Date("2028-02-29T04:00:00Z"));
  });

  it("formatBeijingTime is its inverse", () => {
    expect(formatBeijingTime(new Date("2025-12-31T23:59:59Z"))).toBe("2026-01-01 07:59:59");
  });
});

describe("parseRfc3339", () => {
  it("reads Z, offsets and fractional seconds", () => {
    expect(parseRfc3339("2026-09-15T10:30:12+08:00")).toEqual(new Date("2026-09-15T02:30:12Z"));
    expect(parseRfc3339("2026-09-15T02:30:12Z")).toEqual(new Date("2026-09-15T02:30:12Z"));
    expect(parseRfc3339("2026-09-15T10:30:12.123+08:00")).toEqual(new Date("2026-09-15T02:30:12.123Z"));
    expect(parseRfc3339("2026-09-15T10:30:12.5-01:00")).toEqual(new Date("2026-09-15T11:30:12.500Z"));
  });

  it("refuses times without an offset, other shapes and impossible dates", () => {
    for (const t of ["2026-09-15T10:30:12", "2026-09-15 10:30:12+08:00", "2026-09-15", "+002026-09-15T10:30:12Z", "2026-09-15T10:30:12.Z", "2026-09-15T10:30:12.1a+08:00", "2026-09-15T25:30:12Z", "2026-13-15T10:30:12Z"]) {
      expect(parseRfc3339(t), t).toBeUndefined();
    }
  });

  it("refuses a calendar time that does not exist instead of rolling it into another day", () => {
    // `new Date` alone turns 30 February into 2 March and 24:00 into the next day.
    for (const t of ["2026-02-30T10:30:12+08:00", "2026-02-29T10:30:12Z", "2026-04-31T00:00:00Z", "2026-09-15T24:00:00Z", "2026-09-15T10:60:00Z", "2026-09-15T10:30:60+08:00", "2026-00-10T10:30:12Z", "2026-09-00T10:30:12Z"]) {
      expect(parseRfc3339(t), t).toBeUndefined();
    }
    expect(parseRfc3339("2028-02-29T23:59:59+08:00")).toEqual(new Date("2028-02-29T15:59:59Z"));
    expect(parseRfc3339("2026-12-31T23:59:59-01:00")).toEqual(new Date("2027-01-01T00:59:59Z"));
  });
});
