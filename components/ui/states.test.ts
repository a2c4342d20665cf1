import { describe, expect, it } from "vitest";
import { errorKindOf } from "./states";

// The sentence people read for a failed load, by what the failure was (hand-written table).
describe("errorKindOf", () => {
  const cases: [string, unknown, ReturnType<typeof errorKindOf>][] = [
    ["a fetch that never got an answer", { message: "Failed to fetch" }, "network"],
    ["no error object at all", null, "network"],
    ["signed out", { message: "x", data: { code: "UNAUTHORIZED", httpStatus: 401 } }, "forbidden"],
    ["a role without the permission", { message: "x", data: { code: "FORBIDDEN", httpStatus: 403 } }, "forbidden"],
    ["a removed record", { message: "x", data: { code: "NOT_FOUND", httpStatus: 404 } }, "notFound"],
    ["rate limited", { message: "x", data: { code: "TOO_MANY_REQUESTS", httpStatus: 429 } }, "tooMany"],
    ["a deadline", { message: "x", data: { code: "TIMEOUT", httpStatus: 408 } }, "timeout"],
    ["a server bug", { message: "x", data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 } }, "server"],
    ["an unknown 5xx code", { message: "x", data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } }, "server"],
    ["bad input keeps the server's message", { message: "amount must be positive", data: { code: "BAD_REQUEST", httpStatus: 400 } }, null],
    ["a conflict keeps the server's message", { message: "alert is resolved", data: { code: "CONFLICT", httpStatus: 409 } }, null],
  ];
  for (const [name, error, kind] of cases) it(`${name} → ${kind ?? "the server's message"}`, () => expect(errorKindOf(error)).toBe(kind));
});
