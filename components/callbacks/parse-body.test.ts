import { describe, expect, it } from "vitest";
import { parseBody } from "./parse-body";

describe("parseBody", () => {
  it("pretty-prints JSON, by content type or by shape", () => {
    expect(parseBody('{"a":1,"b":[2]}', "application/json")).toEqual({ kind: "json", text: '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}' });
    expect(parseBody(' {"a":1}')).toMatchObject({ kind: "json" });
  });
  it("shows form bodies as decoded key/value pairs", () => {
    expect(parseBody("out_trade_no=A-1&subject=%E6%B4%97%E8%A1%A3&total_amount=12.30", "application/x-www-form-urlencoded; charset=utf-8")).toEqual({
      kind: "form",
      pairs: [
        ["out_trade_no", "A-1"],
        ["subject", "洗衣"],
        ["total_amount", "12.30"],
      ],
    });
    expect(parseBody("a=1&b=2")).toMatchObject({ kind: "form" });
  });
  it("falls back to verbatim text for anything else, including broken JSON", () => {
    expect(parseBody("{not json", "application/json")).toEqual({ kind: "text", text: "{not json" });
    expect(parseBody("<xml/>")).toEqual({ kind: "text", text: "<xml/>" });
  });
});
