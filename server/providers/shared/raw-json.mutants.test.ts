import { describe, expect, it } from "vitest";
import { rawJsonMember } from "./raw-json";

// rawJsonMember cuts the exact text of one top-level member out of a JSON object (Alipay signs that text).

describe("rawJsonMember", () => {
  it("returns the member's exact text, whichever position it has", () => {
    expect(rawJsonMember('{"a":1,"b":2}', "a")).toBe("1");
    expect(rawJsonMember('{"a":1,"b":2}', "b")).toBe("2");
    expect(rawJsonMember('{"a":1,"b":2,"c":3}', "c")).toBe("3");
  });

  it("keeps number text as written: big integers, fractions, exponents", () => {
    const text = '{"amount":123456789012345678901234567890,"rate":-0.000001,"e":1.5E+300,"f":2e-7,"g":1e400}';
    expect(rawJsonMember(text, "amount")).toBe("123456789012345678901234567890");
    expect(rawJsonMember(text, "rate")).toBe("-0.000001");
    expect(rawJsonMember(text, "e")).toBe("1.5E+300");
    expect(rawJsonMember(text, "f")).toBe("2e-7");
    expect(rawJsonMember(text, "g")).toBe("1e400");
  });

  it("literals: true, false, null", () => {
    const text = '{"t":true,"f":false,"n":null}';
    expect(rawJsonMember(text, "t")).toBe("true");
    expect(rawJsonMember(text, "f")).toBe("false");
    expect(rawJsonMember(text, "n")).toBe("null");
  });

  it("a scalar ends at a comma, a closing brace or whitespace of each kind", () => {
    expect(rawJsonMember('{"a":12}', "a")).toBe("12");
    expect(rawJsonMember('{"a":12 ,"b":1}', "a")).toBe("12");
    expect(rawJsonMember('{"a":12\n,"b":1}', "a")).toBe("12");
    expect(rawJsonMember('{"a":12\r,"b":1}', "a")).toBe("12");
    expect(rawJsonMember('{"a":12\t,"b":1}', "a")).toBe("12");
  });

  it("skips every JSON whitespace character (space, \\n, \\r, \\t) around the object, keys, colons and commas", () => {
    for (const ws of [" ", "\n", "\r", "\t"]) {
      const text = `${ws}${ws}{${ws}"a"${ws}:${ws}1${ws},${ws}"b"${ws}:${ws}"x"${ws}}${ws}`;
      expect(rawJsonMember(text, "a"), JSON.stringify(ws)).toBe("1");
      expect(rawJsonMember(text, "b"), JSON.stringify(ws)).toBe('"x"');
    }
  });

  it("strings keep their escapes verbatim, and an escaped quote or backslash does not end them", () => {
    expect(rawJsonMember('{"a":"x\\"y","b":2}', "a")).toBe('"x\\"y"');
    expect(rawJsonMember('{"a":"x\\"y","b":2}', "b")).toBe("2");
    expect(rawJsonMember('{"a":"x\\\\","b":2}', "a")).toBe('"x\\\\"');
    expect(rawJsonMember('{"a":"x\\\\","b":2}', "b")).toBe("2");
    expect(rawJsonMember('{"a":"\\u4e2d\\/\\n","b":2}', "a")).toBe('"\\u4e2d\\/\\n"');
    expect(rawJsonMember('{"a":"x,y}]","b":2}', "a")).toBe('"x,y}]"');
  });

  it("keys are compared decoded (escapes in the key)", () => {
    expect(rawJsonMember('{"a\\u0062":1}', "ab")).toBe("1");
    expect(rawJsonMember('{"a\\"b":1}', 'a"b')).toBe("1");
  });

  it("objects and arrays: the whole nested value, brackets inside strings ignored", () => {
    const text = '{"a":{"b":[1,{"c":"}]"}],"d":{}},"e":[[1],[2,[3]]],"f":{"x":"{["},"g":0}';
    expect(rawJsonMember(text, "a")).toBe('{"b":[1,{"c":"}]"}],"d":{}}');
    expect(rawJsonMember(text, "e")).toBe("[[1],[2,[3]]]");
    expect(rawJsonMember(text, "f")).toBe('{"x":"{["}');
    expect(rawJsonMember(text, "g")).toBe("0");
    expect(rawJsonMember('{"a":{"b":{}},"c":1}', "a")).toBe('{"b":{}}');
    expect(rawJsonMember('{"a":[],"c":1}', "a")).toBe("[]");
    expect(rawJsonMember('{"a":{ "k" : [ 1 , 2 ] },"c":1}', "a")).toBe('{ "k" : [ 1 , 2 ] }');
  });

  it("the first of duplicate members", () => {
    expect(rawJsonMember('{"a":1,"a":2}', "a")).toBe("1");
  });

  it("absent key or a top level that is not an object: undefined", () => {
    expect(rawJsonMember('{"a":1}', "b")).toBeUndefined();
    expect(rawJsonMember("{}", "a")).toBeUndefined();
    expect(rawJsonMember("", "a")).toBeUndefined();
    expect(rawJsonMember('["a",1]', "a")).toBeUndefined();
    expect(rawJsonMember('("a":1)', "a")).toBeUndefined();
    expect(rawJsonMember("<html>error</html>", "a")).toBeUndefined();
  });

  it("malformed text: undefined, never a throw", () => {
    expect(rawJsonMember('{"a":"abc', "a")).toBeUndefined(); // unterminated string value
    expect(rawJsonMember('{"a', "a")).toBeUndefined(); // unterminated key
    expect(rawJsonMember('{"a":{"b":1', "a")).toBeUndefined(); // unterminated object
    expect(rawJsonMember('{"a":[1,2', "a")).toBeUndefined(); // unterminated array
    expect(rawJsonMember('{"a":12', "b")).toBeUndefined(); // text ends inside the object
    expect(rawJsonMember('{"a":,"b":1}', "b")).toBeUndefined(); // missing value
    expect(rawJsonMember('{"a":}', "a")).toBeUndefined();
    expect(rawJsonMember('{"a"=1}', "a")).toBeUndefined(); // no colon
    expect(rawJsonMember('{"a" 1,"b":2}', "b")).toBeUndefined();
    expect(rawJsonMember("{a:1}", "a")).toBeUndefined(); // unquoted key
  });

  it("cuts text only, it does not validate JSON (callers JSON.parse the same body first)", () => {
    // A missing comma between members is tolerated: the member after it is still found.
    expect(rawJsonMember('{"a":1 "b":2}', "b")).toBe("2");
  });
});
