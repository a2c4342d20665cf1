import { describe, expect, it } from "vitest";
import { providerParam } from "./enums";

describe("providerParam (?provider= on a list: what the list filters by, and whether its empty state says 'nothing matches')", () => {
  it.each(["alipay", "wechatpay", "stripe", "sandbox"])("%s is a provider", (p) => expect(providerParam(p)).toBe(p));
  it.each([["paypal"], [""], ["ALIPAY"], [undefined], [null], [["alipay"]]])("%o is none", (v) => expect(providerParam(v)).toBe(""));
});
