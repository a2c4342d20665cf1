import { describe, expect, it } from "vitest";
import { addBusinessMinutes, businessMinutesBetween, DEFAULT_BUSINESS_CALENDAR, resumeDue, type BusinessCalendar } from "./business-hours";

// Hand-written expectations, Shanghai wall-clock times (UTC+8, no DST). 2026-11-20 is a Friday.
const sh = (local: string) => new Date(`${local}+08:00`);
const daily = DEFAULT_BUSINESS_CALENDAR; // 09:00–21:00, every day
const weekdays: BusinessCalendar = { timeZone: "Asia/Shanghai", startMinute: 9 * 60, endMinute: 18 * 60, weekdays: [1, 2, 3, 4, 5] };

describe("addBusinessMinutes", () => {
  const cases: [string, BusinessCalendar, string, number, string][] = [
    ["inside the window", daily, "2026-11-20T10:00", 60, "2026-11-20T11:00"],
    ["ending exactly at closing", daily, "2026-11-20T20:00", 60, "2026-11-20T21:00"],
    ["across the night", daily, "2026-11-20T20:30", 60, "2026-11-21T09:30"],
    ["starting at night", daily, "2026-11-20T23:00", 30, "2026-11-21T09:30"],
    ["starting before opening", daily, "2026-11-21T03:00", 0, "2026-11-21T09:00"],
    ["a whole business day and a bit", daily, "2026-11-20T10:00", 12 * 60 + 30, "2026-11-21T10:30"],
    ["across a weekend", weekdays, "2026-11-20T17:00", 120, "2026-11-23T10:00"],
    ["starting on a Saturday", weekdays, "2026-11-21T12:00", 30, "2026-11-23T09:30"],
  ];
  for (const [name, cal, start, minutes, due] of cases) {
    it(name, () => expect(addBusinessMinutes(sh(start), minutes, cal)).toEqual(sh(due)));
  }
  it("refuses a calendar that is never open", () => {
    expect(() => addBusinessMinutes(sh("2026-11-20T10:00"), 10, { ...daily, weekdays: [] })).toThrow(RangeError);
  });
});

describe("businessMinutesBetween", () => {
  const cases: [string, BusinessCalendar, string, string, number][] = [
    ["same window", daily, "2026-11-20T10:00", "2026-11-20T10:45", 45],
    ["across the night", daily, "2026-11-20T20:00", "2026-11-21T10:00", 120],
    ["entirely at night", daily, "2026-11-20T22:00", "2026-11-21T08:00", 0],
    ["across a weekend", weekdays, "2026-11-20T17:00", "2026-11-23T10:00", 120],
    ["backwards is negative", daily, "2026-11-21T10:00", "2026-11-20T20:00", -120],
  ];
  for (const [name, cal, a, b, minutes] of cases) {
    it(name, () => expect(businessMinutesBetween(sh(a), sh(b), cal)).toBe(minutes));
  }
});

describe("resumeDue (the clock paused while pending user)", () => {
  it("restarts the time that was left from the moment the user answers", () => {
    // 180 business minutes were left at the pause; the user answers at 20:00: 60 today, 120 tomorrow.
    expect(resumeDue(sh("2026-11-20T15:00"), sh("2026-11-20T12:00"), sh("2026-11-20T20:00"), daily)).toEqual(sh("2026-11-21T11:00"));
  });
  it("a pause across the night only moves the due time by the business time it covered", () => {
    expect(resumeDue(sh("2026-11-20T20:30"), sh("2026-11-20T20:00"), sh("2026-11-21T08:00"), daily)).toEqual(sh("2026-11-21T09:30"));
  });
  it("a target already missed when the pause began stays missed", () => {
    expect(resumeDue(sh("2026-11-20T11:00"), sh("2026-11-20T12:00"), sh("2026-11-20T14:00"), daily)).toEqual(sh("2026-11-20T11:00"));
  });
});
