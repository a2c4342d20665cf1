import { describe, expect, it } from "vitest";
import { axisLabel, bucketLabel, csvCell, figureDelta, noData, toCsv } from "./kpi-format";

describe("figureDelta", () => {
  it("colours by the KPI's direction", () => {
    expect(figureDelta({ value: 0.95, previous: 0.97 }, "rate", "up").trend).toBe("worse");
    expect(figureDelta({ value: 0.98, previous: 0.97 }, "rate", "up").trend).toBe("better");
    expect(figureDelta({ value: 1200, previous: 1500 }, "ms", "down").trend).toBe("better");
    expect(figureDelta({ value: 1800, previous: 1500 }, "ms", "down").trend).toBe("worse");
    expect(figureDelta({ value: 1800, previous: 1500 }, "count", "neutral").trend).toBe("none");
  });

  it("measures rates in percentage points and the rest in percent of the previous value", () => {
    const rate = figureDelta({ value: 0.95, previous: 0.971 }, "rate", "up");
    expect(rate.points).toBeCloseTo(-2.1, 10);
    expect(rate.ratio).toBeNull();
    const count = figureDelta({ value: 150, previous: 120 }, "count", "down");
    expect(count.ratio).toBeCloseTo(0.25, 10);
    expect(count.diff).toBe(30);
  });

  it("has no percentage from zero, no trend without a previous value, and calls noise unchanged", () => {
    expect(figureDelta({ value: 3, previous: 0 }, "count", "down")).toMatchObject({ trend: "worse", ratio: null, diff: 3 });
    expect(figureDelta({ value: 0, previous: 0 }, "count", "down").trend).toBe("same");
    expect(figureDelta({ value: 3, previous: null }, "count", "down")).toEqual({ trend: "none", points: null, ratio: null, diff: null });
    expect(figureDelta({ value: 0.9701, previous: 0.9700 }, "rate", "up").trend).toBe("same");
  });
});

describe("CSV", () => {
  it("quotes separators, quotes and line breaks, and defuses formulas", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("=HYPERLINK(\"x\")")).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-12)).toBe("-12");
    expect(csvCell(null)).toBe("");
  });

  it("writes a BOM, a header and CRLF rows", () => {
    expect(toCsv(["时间", "金额"], [["2026-11-26", "12.30"], ["2026-11-27", null]])).toBe("\uFEFF时间,金额\r\n2026-11-26,12.30\r\n2026-11-27,\r\n");
  });
});

describe("bucket labels", () => {
  it("prints bucket starts on the business zone's wall clock", () => {
    const t = new Date("2026-11-26T12:00:00Z"); // 20:00 in Shanghai
    expect(bucketLabel(t, "hour", "Asia/Shanghai")).toBe("2026-11-26 20:00");
    expect(bucketLabel(new Date("2026-11-25T16:00:00Z"), "day", "Asia/Shanghai")).toBe("2026-11-26");
    expect(axisLabel(t.getTime(), "hour", "Asia/Shanghai", true)).toBe("20:00");
    expect(axisLabel(t.getTime(), "hour", "Asia/Shanghai", false)).toBe("11-26 20:00");
    expect(axisLabel(t.getTime(), "day", "Asia/Shanghai", false)).toBe("11-26");
  });
});

describe("noData", () => {
  it("sees zero-filled buckets as nothing to draw, and any non-zero value in the chart's series as data", () => {
    const zeros = [{ ts: 1, attempts: 0, baselineAttempts: null }, { ts: 2, attempts: 0, baselineAttempts: 0 }];
    expect(noData([], ["attempts"])).toBe(true);
    expect(noData(zeros, ["attempts", "baselineAttempts"])).toBe(true);
    expect(noData([...zeros, { ts: 3, attempts: 0, baselineAttempts: 0.5 }], ["attempts", "baselineAttempts"])).toBe(false);
    expect(noData([{ ts: 3, attempts: 1 }], ["attempts"])).toBe(false);
    // the bucket's own time is not a series
    expect(noData([{ ts: 3, attempts: 0 }], ["attempts"])).toBe(true);
  });
});
