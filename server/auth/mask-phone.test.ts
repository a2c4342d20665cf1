import { describe, expect, it } from "vitest";
import { maskPhone, maskPhonesDeep } from "./mask-phone";

describe("maskPhone", () => {
  it("keeps the first three and last four digits of a mainland mobile number", () => {
    expect(maskPhone("13812341234")).toBe("138****1234");
    expect(maskPhone("+86 138-1234-1234")).toBe("+86 138****1234");
    expect(maskPhone("075512345")).toBe("******345");
    expect(maskPhone("0755123")).toBe("*****23");
    expect(maskPhone("1234")).toBe("**34");
    expect(maskPhone(null)).toBeNull();
  });
  it("masks phone-named keys at any depth and leaves the rest", () => {
    const at = new Date("2025-01-01T00:00:00Z");
    expect(maskPhonesDeep({ userPhone: "13812341234", at, list: [{ mobile: "13912341234", amountMinor: 5 }] })).toEqual({
      userPhone: "138****1234",
      at,
      list: [{ mobile: "139****1234", amountMinor: 5 }],
    });
  });
});
