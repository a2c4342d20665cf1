import { describe, expect, it } from "vitest";
import { addDays, dayIn, kpiInput, kpiParams, kpiSearch, presetSearch, startOfDayIn } from "./kpi-params";

const TZ = "Asia/Shanghai";

describe("business days", () => {
  it("starts a Shanghai day at 16:00 UTC the day before", () => {
    expect(startOfDayIn(TZ, "2026-11-27").toISOString()).toBe("2026-11-26T16:00:00.000Z");
    expect(dayIn(TZ, new Date("2026-11-26T15:59:59Z"))).toBe("2026-11-26");
    expect(dayIn(TZ, new Date("2026-11-26T16:00:00Z"))).toBe("2026-11-27");
  });

  it("follows daylight saving time where the zone has it", () => {
    // New York: EDT (−4) until 2026-11-01 02:00, EST (−5) after.
    expect(startOfDayIn("America/New_York", "2026-10-31").toISOString()).toBe("2026-10-31T04:00:00.000Z");
    expect(startOfDayIn("America/New_York", "2026-11-01").toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(startOfDayIn("America/New_York", "2026-11-02").toISOString()).toBe("2026-11-02T05:00:00.000Z");
  });

  it("adds days across month ends", () => {
    expect(addDays("2026-11-30", 1)).toBe("2026-12-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("kpiParams", () => {
  const today = "2026-11-27";

  it("defaults to the last 7 days by day, all providers, compared", () => {
    expect(kpiParams({}, today)).toEqual({ range: "7d", fromDay: "2026-11-21", toDay: today, provider: null, bucket: "day", compare: true });
  });

  it("reads the presets, today by hour", () => {
    expect(kpiParams({ range: "today" }, today)).toMatchObject({ fromDay: today, toDay: today, bucket: "hour" });
    expect(kpiParams({ range: "30d" }, today)).toMatchObject({ fromDay: "2026-10-29", bucket: "day" });
    expect(kpiParams({ range: "90d" }, today)).toMatchObject({ fromDay: "2026-08-30", bucket: "day" });
  });

  it("allows hourly buckets up to 7 days only", () => {
    expect(kpiParams({ range: "7d", bucket: "hour" }, today).bucket).toBe("hour");
    expect(kpiParams({ range: "30d", bucket: "hour" }, today).bucket).toBe("day");
    expect(kpiParams({ range: "custom", from: "2026-11-01", to: "2026-11-08", bucket: "hour" }, today).bucket).toBe("day");
  });

  it("keeps a custom range of 1 to 92 days and drops anything else", () => {
    // 2026-08-31 … 2026-11-30 is 92 days; one more is refused.
    expect(kpiParams({ range: "custom", from: "2026-08-31", to: "2026-11-30" }, today)).toMatchObject({ range: "custom", fromDay: "2026-08-31", toDay: "2026-11-30" });
    expect(kpiParams({ range: "custom", from: "2026-08-30", to: "2026-11-30" }, today)).toMatchObject({ range: "7d", fromDay: "2026-11-21" });
    expect(kpiParams({ range: "custom", from: "2026-11-10", to: "2026-11-10" }, today)).toMatchObject({ range: "custom", bucket: "hour" });
    expect(kpiParams({ range: "custom", from: "2026-11-10", to: "2026-11-09" }, today).range).toBe("7d");
    expect(kpiParams({ range: "custom", from: "nonsense", to: "2026-11-09" }, today).range).toBe("7d");
  });

  it("accepts known providers only, and compare=0 turns the comparison off", () => {
    expect(kpiParams({ provider: "alipay", compare: "0" }, today)).toMatchObject({ provider: "alipay", compare: false });
    expect(kpiParams({ provider: "paypal" }, today).provider).toBeNull();
  });

  it("round-trips through the URL with defaults left out", () => {
    const cases = [{}, { range: "today" }, { range: "30d", provider: "wechatpay", compare: "0" }, { range: "custom", from: "2026-11-01", to: "2026-11-03", bucket: "day" }, { range: "7d", bucket: "hour" }];
    for (const c of cases) {
      const p = kpiParams(c, today);
      expect(kpiParams(Object.fromEntries(new URLSearchParams(kpiSearch(p))), today)).toEqual(p);
    }
    expect(kpiSearch(kpiParams({}, today))).toBe("");
    expect(kpiSearch(kpiParams({ range: "custom", from: "2026-11-01", to: "2026-11-03" }, today))).toBe("?range=custom&from=2026-11-01&to=2026-11-03");
    expect(presetSearch("30d", { provider: "alipay", compare: false })).toBe("?range=30d&provider=alipay&compare=0");
  });

  it("queries [start of the first day, start of the day after the last) in the business zone", () => {
    const input = kpiInput(kpiParams({ range: "7d", provider: "alipay" }, today), TZ);
    expect(input).toEqual({ from: new Date("2026-11-20T16:00:00Z"), to: new Date("2026-11-27T16:00:00Z"), provider: "alipay", bucket: "day" });
  });
});
