import { describe, expect, it } from "vitest";
import { buildAlipaySignContent, buildAlipaySignContentBytes } from "./sign-content";

describe("buildAlipaySignContent", () => {
  it("sorts by code unit (upper case before lower, _ between), drops sign and sign_type", () => {
    expect(buildAlipaySignContent([["b", "2"], ["sign", "x"], ["a_b", "3"], ["aB", "4"], ["A", "5"], ["sign_type", "RSA2"], ["a", ""]])).toBe("A=5&a=&aB=4&a_b=3&b=2");
  });

  it("keeps the order of repeated keys", () => {
    expect(buildAlipaySignContent([["b", "1"], ["a", "1"], ["a", "2"]])).toBe("a=1&a=2&b=1");
  });

  it("honours a custom exclusion list", () => {
    expect(buildAlipaySignContent([["sign", "s"], ["b", "1"], ["a", "2"]], ["b"])).toBe("a=2&sign=s");
  });
});

describe("buildAlipaySignContentBytes", () => {
  it("the same string, from the values' raw bytes", () => {
    const raw = new Map<string, Buffer>([
      ["subject", Buffer.from("cfb4d2c2b6a9b5a5", "hex")],
      ["sign", Buffer.from("xyz")],
      ["charset", Buffer.from("gbk")],
      ["app_id", Buffer.from("2021000000000001")],
      ["sign_type", Buffer.from("RSA2")],
    ]);
    expect(buildAlipaySignContentBytes(raw).toString("hex")).toBe(Buffer.concat([Buffer.from("app_id=2021000000000001&charset=gbk&subject="), Buffer.from("cfb4d2c2b6a9b5a5", "hex")]).toString("hex"));
  });

  it("sorts keys given in reverse order, excluding a custom list", () => {
    const raw = new Map(["z", "sign", "m_n", "mN", "M", "a"].map((k) => [k, Buffer.from(k.length === 1 ? k : "v")] as const));
    expect(buildAlipaySignContentBytes(raw, ["z"]).toString()).toBe("M=M&a=a&mN=v&m_n=v&sign=v");
  });
});
