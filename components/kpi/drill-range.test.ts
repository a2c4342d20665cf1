import { describe, expect, it } from "vitest";
import { bucketHref, bucketRange, withProvider } from "./drill-range";

const TZ = "Asia/Shanghai";
const iso = (r: { from: Date; to: Date }) => [r.from.toISOString(), r.to.toISOString()];
// The dashboard's 7 days 2026-11-21..2026-11-27 in Shanghai: [11-20 16:00Z, 11-27 16:00Z).
const week = { from: new Date("2026-11-20T16:00:00Z"), to: new Date("2026-11-27T16:00:00Z") };

describe("bucketRange", () => {
  it("turns a Shanghai day bucket into that business day's instants", () => {
    const within = { from: new Date("2026-11-14T16:00:00Z"), to: new Date("2026-11-27T16:00:00Z") };
    expect(iso(bucketRange(Date.parse("2026-11-19T16:00:00Z"), "day", TZ, within))).toEqual(["2026-11-19T16:00:00.000Z", "2026-11-20T16:00:00.000Z"]);
  });

  it("turns an hour bucket into one hour", () => {
    expect(iso(bucketRange(Date.parse("2026-11-25T03:00:00Z"), "hour", TZ, week))).toEqual(["2026-11-25T03:00:00.000Z", "2026-11-25T04:00:00.000Z"]);
  });

  it("keeps the last (today's, still running) day whole, ending where the dashboard ends", () => {
    expect(iso(bucketRange(Date.parse("2026-11-26T16:00:00Z"), "day", TZ, week))).toEqual(["2026-11-26T16:00:00.000Z", "2026-11-27T16:00:00.000Z"]);
  });

  it("clips a bucket to the dashboard's window", () => {
    const partial = { from: new Date("2026-11-20T16:00:00Z"), to: new Date("2026-11-27T06:30:00Z") };
    expect(iso(bucketRange(Date.parse("2026-11-26T16:00:00Z"), "day", TZ, partial))).toEqual(["2026-11-26T16:00:00.000Z", "2026-11-27T06:30:00.000Z"]);
  });

  it("gives a 25-hour day where the zone leaves daylight saving time", () => {
    const within = { from: new Date("2026-10-31T04:00:00Z"), to: new Date("2026-11-03T05:00:00Z") };
    expect(iso(bucketRange(Date.parse("2026-11-01T04:00:00Z"), "day", "America/New_York", within))).toEqual(["2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z"]);
  });
});

describe("bucketHref", () => {
  it("adds the window to a list URL and keeps its filters", () => {
    expect(bucketHref("/orders?provider=alipay", Date.parse("2026-11-19T16:00:00Z"), "day", TZ, { from: new Date("2026-11-14T16:00:00Z"), to: week.to })).toBe(
      "/orders?provider=alipay&from=2026-11-19T16%3A00%3A00.000Z&to=2026-11-20T16%3A00%3A00.000Z",
    );
  });
});

describe("withProvider", () => {
  it("adds the dashboard's provider to a list link, keeping the window's spelling", () => {
    expect(withProvider("/refunds?tab=all&from=2026-11-20T16:00:00.000Z&to=2026-11-21T16:00:00.000Z", "alipay")).toBe(
      "/refunds?tab=all&from=2026-11-20T16:00:00.000Z&to=2026-11-21T16:00:00.000Z&provider=alipay",
    );
    expect(withProvider("/incidents", "stripe")).toBe("/incidents?provider=stripe");
    expect(withProvider("/tickets?", "sandbox")).toBe("/tickets?provider=sandbox");
    expect(withProvider("/orders?q=1#top", "wechatpay")).toBe("/orders?q=1&provider=wechatpay#top");
  });

  it("leaves a link that names its own provider (one provider's line) or a dashboard without one alone", () => {
    expect(withProvider("/orders?provider=stripe&from=x", "alipay")).toBe("/orders?provider=stripe&from=x");
    expect(withProvider("/tickets?status=all", null)).toBe("/tickets?status=all");
  });
});
