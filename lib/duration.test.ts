import { describe, expect, it } from "vitest";
import { parseDuration, parseSchedule } from "./duration";

describe("durations", () => {
  it("parses units", () => {
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("1d")).toBe(86_400_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("40")).toBe(40);
  });
  it("rejects nonsense", () => {
    for (const bad of ["", "5 minutes", "-1s", "1.5h", "m"]) expect(() => parseDuration(bad), bad).toThrow();
  });
  it("parses the default schedules", () => {
    expect(parseSchedule("10s,30s,1m,3m,10m,30m,1h,3h,6h,12h")).toHaveLength(10);
    expect(parseSchedule("5m,15m,1h,6h,24h")).toEqual([300_000, 900_000, 3_600_000, 21_600_000, 86_400_000]);
    expect(parseSchedule("")).toEqual([]);
  });
});
