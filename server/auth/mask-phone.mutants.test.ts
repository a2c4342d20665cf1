import { describe, expect, it } from "vitest";
import { maskPhone, maskPhonesDeep } from "./mask-phone";

/** `{ a: { a: … { phone } } }` with the phone object `levels` objects below the top one. */
const nested = (levels: number, leaf: Record<string, unknown>): Record<string, unknown> => (levels === 0 ? leaf : { a: nested(levels - 1, leaf) });

describe("maskPhone boundaries", () => {
  it("keeps three digits from 8 digits up, two below", () => {
    expect(maskPhone("12345678")).toBe("*****678");
    expect(maskPhone("1234567")).toBe("*****67");
  });
});

describe("maskPhonesDeep", () => {
  it("masks down to depth 8 and leaves anything deeper as it is (bounded recursion)", () => {
    expect(maskPhonesDeep(nested(8, { phone: "13812341234" }))).toEqual(nested(8, { phone: "138****1234" }));
    expect(maskPhonesDeep(nested(9, { phone: "13812341234" }))).toEqual(nested(9, { phone: "13812341234" }));
  });

  it("passes null, primitives and nulls inside objects through", () => {
    expect(maskPhonesDeep(null)).toBeNull();
    expect(maskPhonesDeep("13812341234")).toBe("13812341234");
    expect(maskPhonesDeep({ phone: null, note: null, items: [null, 3] })).toEqual({ phone: null, note: null, items: [null, 3] });
  });

  it("masks only strings under phone-named keys: other strings, and non-string phone values, are kept", () => {
    expect(maskPhonesDeep({ name: "13812341234", phone: 13812341234, mobile: { number: "13912341234" }, MobilePhone: "13712341234" })).toEqual({
      name: "13812341234",
      phone: 13812341234,
      mobile: { number: "13912341234" },
      MobilePhone: "137****1234",
    });
  });
});
