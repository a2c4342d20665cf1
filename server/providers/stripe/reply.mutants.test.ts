import { describe, expect, it } from "vitest";
import { replyStripe } from "./reply";

describe("replyStripe", () => {
  it("answers JSON with the status Stripe acts on", () => {
    const headers = { "content-type": "application/json; charset=utf-8" };
    expect(replyStripe("handled")).toEqual({ status: 200, headers, body: '{"received":true}' });
    expect(replyStripe("retry", "db down")).toEqual({ status: 503, headers, body: '{"error":"db down"}' });
    expect(replyStripe("rejected")).toEqual({ status: 401, headers, body: '{"error":"rejected"}' });
  });
});
