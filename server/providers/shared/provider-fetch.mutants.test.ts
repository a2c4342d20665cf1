import { describe, expect, it } from "vitest";
import { describeQueryFailure, ProviderQueryError } from "./provider-fetch";

describe("ProviderQueryError", () => {
  it("is named for logs and carries failure and status", () => {
    const e = new ProviderQueryError("http_status", "stripe answered HTTP 500", 500);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("ProviderQueryError");
    expect(e.failure).toBe("http_status");
    expect(e.status).toBe(500);
    expect(String(e)).toBe("ProviderQueryError: stripe answered HTTP 500");
  });
});

describe("describeQueryFailure reads the name of errors only", () => {
  it("an Error (not a DOMException) named AbortError or TimeoutError is a timeout", () => {
    expect(describeQueryFailure(Object.assign(new Error("aborted by the caller"), { name: "AbortError" }))).toEqual({ failure: "timeout", httpStatus: 0, error: "aborted by the caller" });
    expect(describeQueryFailure(Object.assign(new Error("deadline"), { name: "TimeoutError" }))).toEqual({ failure: "timeout", httpStatus: 0, error: "deadline" });
  });

  it("a thrown non-error with such a name is not", () => {
    expect(describeQueryFailure({ name: "TimeoutError" })).toEqual({ failure: "other", httpStatus: 0, error: "[object Object]" });
    expect(describeQueryFailure(null)).toEqual({ failure: "other", httpStatus: 0, error: "null" });
  });
});
