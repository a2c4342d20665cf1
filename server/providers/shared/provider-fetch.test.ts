import { describe, expect, it } from "vitest";
import { describeQueryFailure, ProviderQueryError } from "./provider-fetch";

// What people read when a status query fails is chosen from this classification (lib/reasons.ts
// PROVIDER_QUERY_FAILURES); the janitor tests check it end to end against a real fake provider.
describe("describeQueryFailure", () => {
  it.each([
    [new ProviderQueryError("http_status", "alipay gateway answered HTTP 503", 503), { failure: "http_status", httpStatus: 503 }],
    [new ProviderQueryError("untrusted", "sandbox answer not trusted: bad signature"), { failure: "untrusted", httpStatus: 0 }],
    [new ProviderQueryError("not_configured", "stripe not configured: STRIPE_SECRET_KEY unset"), { failure: "not_configured", httpStatus: 0 }],
    [new DOMException("The operation was aborted due to timeout (300 ms)", "TimeoutError"), { failure: "timeout", httpStatus: 0 }],
    [new DOMException("This operation was aborted", "AbortError"), { failure: "timeout", httpStatus: 0 }],
    [new TypeError("fetch failed"), { failure: "network", httpStatus: 0 }],
    [new TypeError("Cannot read properties of undefined"), { failure: "other", httpStatus: 0 }],
    [new Error("boom"), { failure: "other", httpStatus: 0 }],
    ["a string", { failure: "other", httpStatus: 0 }],
  ])("%s", (e, expected) => {
    const d = describeQueryFailure(e);
    expect(d).toMatchObject(expected);
    expect(d.error).toBe(typeof e === "string" ? e : e.message);
  });
});
