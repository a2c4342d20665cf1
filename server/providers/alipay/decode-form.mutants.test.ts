import { describe, expect, it } from "vitest";
import { decodeAlipayForm, encodeInCharset, formEncodeBytes, type AlipayForm } from "./decode-form";

const form = (body: string): AlipayForm => {
  const f = decodeAlipayForm(body);
  if (typeof f === "string") throw new Error(`unexpected refusal: ${f}`);
  return f;
};
const params = (body: string) => Object.fromEntries(form(body).params);

describe("decodeAlipayForm percent-decoding", () => {
  it("decodes %XX with upper- or lower-case hex digits, leaves any other % sequence literal", () => {
    expect(params("a=%4A%4a%6F%6f%0a%39%30&b=%zz&c=%!1&d=%G1&e=%g1&f=%:1&g=%@1&h=%60a&i=%/1&j=%4&k=%")).toStrictEqual({
      a: "JJoo\n90",
      b: "%zz",
      c: "%!1",
      d: "%G1",
      e: "%g1",
      f: "%:1",
      g: "%@1",
      h: "`a",
      i: "%/1",
      j: "%4",
      k: "%",
    });
  });

  it("takes raw non-ASCII characters as their UTF-8 bytes, astral ones included", () => {
    const f = form("a=\u0080&b=é1&c=😀x&d=\uffffX&e=+%2B");
    expect(Object.fromEntries(f.params)).toStrictEqual({ a: "\u0080", b: "é1", c: "😀x", d: "\uffffX", e: " +" });
    expect(f.raw.get("a")!.toString("hex")).toBe("c280");
    expect(f.raw.get("c")!.toString("hex")).toBe("f09f988078");
    // Percent escapes after an astral character leave room in the buffer: its second UTF-16 half must not be
    // decoded again as a character of its own.
    expect(form("c=😀%41%42%43").raw.get("c")!.toString("hex")).toBe("f09f9880414243");
  });

  it("skips empty parts; a part without = is a parameter with an empty value", () => {
    expect(params("&a=1&&flag&b=x=y&")).toStrictEqual({ a: "1", flag: "", b: "x=y" });
  });

  it("refuses a repeated parameter, naming at most 64 characters of it", () => {
    expect(decodeAlipayForm("a=1&b=2&a=3")).toBe("duplicate parameter a");
    const long = "p".repeat(80);
    expect(decodeAlipayForm(`${long}=1&${long}=2`)).toBe(`duplicate parameter ${"p".repeat(64)}`);
  });
});

describe("decodeAlipayForm charsets", () => {
  it("utf-8 when absent", () => {
    expect(form("a=1").charset).toBe("utf-8");
  });

  it("reads the charset trimmed and lower-cased, and decodes values in it", () => {
    const f = form("charset=+GBK+&subject=%CF%B4%D2%C2%B6%A9%B5%A5");
    expect(f.charset).toBe("gbk");
    expect(f.params.get("subject")).toBe("洗衣订单");
    expect(f.raw.get("subject")!.toString("hex")).toBe("cfb4d2c2b6a9b5a5");
  });

  it("refuses an unknown charset (at most 32 characters quoted) and raw non-ASCII in a non-UTF-8 body", () => {
    expect(decodeAlipayForm("charset=latin1&a=1")).toBe("unsupported charset latin1");
    expect(decodeAlipayForm(`charset=${"x".repeat(40)}`)).toBe(`unsupported charset ${"x".repeat(32)}`);
    expect(decodeAlipayForm("charset=gbk&subject=洗衣")).toBe("raw non-ASCII characters in a gbk form body (values must be percent-encoded)");
    expect(form("charset=utf-8&subject=洗衣").params.get("subject")).toBe("洗衣");
  });
});

describe("formEncodeBytes / encodeInCharset", () => {
  it("form-encodes bytes: unreserved kept, space as +, others %XX with two upper-case digits", () => {
    expect(formEncodeBytes(Buffer.from([0x41, 0x7a, 0x30, 0x2a, 0x2d, 0x2e, 0x5f, 0x20, 0x0a, 0x7e, 0x2b, 0xcf]))).toBe("Az0*-._+%0A%7E%2B%CF");
  });

  it("encodes in the named charset, case-insensitively; refuses others", () => {
    expect(encodeInCharset("中a", "GBK").toString("hex")).toBe("d6d061");
    expect(encodeInCharset("中a", "utf-8").toString("hex")).toBe("e4b8ad61");
    expect(() => encodeInCharset("a", "latin9")).toThrow(new Error("unsupported charset latin9"));
  });
});
