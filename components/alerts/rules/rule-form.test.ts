import { describe, expect, it } from "vitest";
import { draftFromForm, fieldErrorsFromIssues, formFromRule, fromDisplay, toDisplay, type RuleLike } from "./rule-form";
import { dateToZonedInput, zonedInputToDate } from "./zoned-time";

const callbackRule: RuleLike = {
  key: "callback-failure-rate-high",
  enabled: true,
  metric: "callback_failure_rate",
  kind: "threshold",
  direction: "rise",
  severity: "warning",
  params: { threshold: 0.4, resolveThreshold: 0.2, windowMinutes: 2, maxWindowMinutes: 30, minVolume: 20, pendingMinutes: 0, resolveMinutes: 3, baselineWeeks: 4, fallbackHours: 3 },
  scopes: ["provider", "overall"],
  inhibitsProvider: false,
};

describe("rule editor units", () => {
  it("shows rates as percent, delays in seconds and amounts in yuan, and stores them back exactly", () => {
    expect(toDisplay("percent", 0.07)).toBe(7);
    expect(fromDisplay("percent", 7)).toBe(0.07);
    expect(toDisplay("seconds", 30_000)).toBe(30);
    expect(fromDisplay("seconds", 12.5)).toBe(12_500);
    expect(toDisplay("yuan", 50_000)).toBe(500);
    expect(fromDisplay("yuan", 0.1 + 0.2)).toBe(30);
    expect(toDisplay("minutes", 3)).toBe(3);
  });

  it("round-trips a stored rule through the form without changing a parameter", () => {
    const form = formFromRule(callbackRule);
    expect(form.values.threshold).toBe("40");
    expect(form.values.resolveThreshold).toBe("20");
    expect(form.values.change).toBe("");
    const { draft } = draftFromForm(form);
    // Only the threshold kind's parameters go out; baselineWeeks/fallbackHours belong to relative rules.
    expect(draft?.params).toEqual({ threshold: 0.4, resolveThreshold: 0.2, windowMinutes: 2, maxWindowMinutes: 30, minVolume: 20, pendingMinutes: 0, resolveMinutes: 3 });
    expect(draft?.scopes).toEqual(["provider", "overall"]);
  });

  it("converts the delay rule's seconds back to milliseconds and names fields that are not numbers", () => {
    const form = formFromRule({ ...callbackRule, metric: "callback_delay_p95", params: { threshold: 30_000, windowMinutes: 3 } });
    expect(form.values.threshold).toBe("30");
    expect(draftFromForm({ ...form, values: { ...form.values, threshold: "45" } }).draft?.params.threshold).toBe(45_000);
    expect(draftFromForm({ ...form, values: { ...form.values, windowMinutes: "3 min" } }).errors).toEqual({ windowMinutes: "number" });
  });

  it("turns the server's zod issues into field errors in display units", () => {
    const { fields, other } = fieldErrorsFromIssues(
      [
        { code: "too_small", path: ["rule", "params", "windowMinutes"], minimum: 1, message: "Too small" },
        { code: "too_big", path: ["params", "resolveRatio"], maximum: 1, message: "Too big" },
        { code: "custom", path: ["resolveThreshold"], message: "must lie on the healthy side of threshold (hysteresis)" },
        { code: "custom", path: ["change"], message: "a relative rule needs change, minAbsoluteChange or zScore" },
        { code: "too_small", path: ["scopes"], minimum: 1 },
        { code: "custom", path: [], message: "whole-rule problem" },
      ],
      "success_rate",
    );
    expect(fields).toEqual({
      windowMinutes: { kind: "min", value: 1 },
      resolveRatio: { kind: "max", value: 100 },
      resolveThreshold: { kind: "hysteresis" },
      change: { kind: "relativeNeedsOne" },
      scopes: { kind: "scopes" },
    });
    expect(other).toEqual(["whole-rule problem"]);
  });
});

describe("business time zone inputs", () => {
  it("reads a wall-clock time in Asia/Shanghai as the instant eight hours earlier in UTC", () => {
    expect(zonedInputToDate("2026-11-26T02:00", "Asia/Shanghai")?.toISOString()).toBe("2026-11-25T18:00:00.000Z");
    expect(dateToZonedInput(new Date("2026-11-25T18:00:00Z"), "Asia/Shanghai")).toBe("2026-11-26T02:00");
    expect(zonedInputToDate("", "Asia/Shanghai")).toBeNull();
  });

  it("handles a zone with daylight saving on both sides of the change", () => {
    expect(zonedInputToDate("2026-07-01T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(zonedInputToDate("2026-12-01T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-12-01T11:00:00.000Z");
  });
});
