import { describe, expect, it } from "vitest";
import { listRangeQuery, parseListRange, withListRange } from "./list-range";

const from = new Date("2026-11-19T16:00:00.000Z");
const to = new Date("2026-11-26T16:00:00.000Z");

describe("list range in the URL", () => {
  it("reads both ends as instants", () => {
    expect(parseListRange({ from: from.toISOString(), to: to.toISOString() })).toEqual({ from, to });
    expect(parseListRange(new URLSearchParams(listRangeQuery({ from, to })))).toEqual({ from, to });
    expect(parseListRange({ from: "2026-11-20T00:00+08:00", to: "2026-11-27T00:00+08:00" })).toEqual({ from, to });
  });

  it("ignores a window that is partial, zone-less, reversed, empty or wider than 93 days", () => {
    expect(parseListRange({ from: from.toISOString() })).toBeNull();
    expect(parseListRange({ from: "2026-11-20", to: "2026-11-27" })).toBeNull();
    expect(parseListRange({ from: "2026-11-20T00:00:00", to: "2026-11-27T00:00:00" })).toBeNull();
    expect(parseListRange({ from: to.toISOString(), to: from.toISOString() })).toBeNull();
    expect(parseListRange({ from: from.toISOString(), to: from.toISOString() })).toBeNull();
    expect(parseListRange({ from: "2026-08-01T00:00:00Z", to: "2026-11-02T00:00:01Z" })).toBeNull();
    expect(parseListRange({ from: "2026-08-01T00:00:00Z", to: "2026-11-02T00:00:00Z" })).not.toBeNull();
    expect(parseListRange({ from: ["x"], to: to.toISOString() })).toBeNull();
  });

  it("adds, replaces and removes the window on a link, keeping the other parameters", () => {
    expect(withListRange("/orders?provider=alipay", { from, to })).toBe(`/orders?provider=alipay&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`);
    expect(withListRange(`/orders?from=x&to=y&q=1`, null)).toBe("/orders?q=1");
    expect(withListRange("/orders?from=x&to=y", null)).toBe("/orders");
    expect(withListRange("/tickets?status=all&from=x&to=y&on=resolved", null)).toBe("/tickets?status=all");
    expect(withListRange("/tickets?on=resolved", { from, to })).toBe(`/tickets?on=resolved&${listRangeQuery({ from, to })}`);
    expect(withListRange("/tickets", { from, to })).toBe(`/tickets?${listRangeQuery({ from, to })}`);
  });
});
