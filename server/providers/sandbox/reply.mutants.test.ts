import { describe, expect, it } from "vitest";
import { replySandbox } from "./reply";

describe("replySandbox", () => {
  it("answers JSON with the status the sandbox acts on", () => {
    const headers = { "content-type": "application/json; charset=utf-8" };
    expect(replySandbox("handled")).toEqual({ status: 200, headers, body: '{"ok":true}' });
    expect(replySandbox("malformed", "bad json")).toEqual({ status: 400, headers, body: '{"error":"bad json"}' });
    expect(replySandbox("retry")).toEqual({ status: 503, headers, body: '{"error":"retry"}' });
  });
});
