import { describe, expect, it } from "vitest";
import { isIdCardNumber, maskPersonalData, maskPersonalText } from "./mask-personal-data";

// A valid resident identity number (checksum computed by hand: 11010519491231002X is the standard sample).
const ID = "11010519491231002X";

describe("maskPersonalText", () => {
  it("masks mobile numbers in JSON, form and free text, solid, separated or with +86", () => {
    expect(maskPersonalText(`{"phone":"13812345678"}`)).toBe(`{"phone":"138****5678"}`);
    expect(maskPersonalText(`mobile=13812345678&out_trade_no=ORD1`)).toBe(`mobile=138****5678&out_trade_no=ORD1`);
    expect(maskPersonalText(`call +86 138-1234-5678 now`)).toBe(`call +86 138****5678 now`);
    expect(maskPersonalText(`tel=%2B8613812345678`)).toBe(`tel=+86 138****5678`);
    expect(maskPersonalText(`{"p":"+14155552671"}`)).not.toContain("4155552671");
  });

  it("leaves order numbers, transaction ids, amounts and timestamps alone", () => {
    const body = `{"out_trade_no":"ORD13812345678","trade_no":"2026112522001412345678901234","total_amount":"12.30","ts":1732500000000,"at":"2026-11-25T10:00:00+08:00"}`;
    expect(maskPersonalText(body)).toBe(body);
  });

  it("masks e-mail addresses, plain and URL-encoded", () => {
    expect(maskPersonalText(`{"email":"zhang.san@example.com"}`)).toBe(`{"email":"z***@example.com"}`);
    expect(maskPersonalText(`buyer=li%40example.cn`)).toBe(`buyer=l***%40example.cn`);
  });

  it("masks identity card numbers that are valid, not other 18-digit numbers", () => {
    expect(isIdCardNumber(ID)).toBe(true);
    expect(isIdCardNumber("110105194912310021")).toBe(false); // wrong check digit
    expect(maskPersonalText(`{"cert_no":"${ID}"}`)).toBe(`{"cert_no":"110***********002X"}`);
    expect(maskPersonalText(`{"id":"202611250000000001"}`)).toBe(`{"id":"202611250000000001"}`);
  });

  it("masks values of fields that name a person or a login", () => {
    expect(maskPersonalText(`{"payer_name":"张三丰","subject":"洗衣"}`)).toBe(`{"payer_name":"张**","subject":"洗衣"}`);
    expect(maskPersonalText(`{"billing_details":{"name":"Jenny Rosen"}}`)).toBe(`{"billing_details":{"name":"J**"}}`);
    expect(maskPersonalText(`buyer_logon_id=jen%40x.com&x=1`)).toBe(`buyer_logon_id=j**&x=1`);
  });
});

describe("maskPersonalText on hostile input", () => {
  // A pattern that backtracks or rescans from every position costs n² steps: on 256 KiB that is tens of
  // seconds at least, while a linear pass takes milliseconds. The bound sits between the two by orders of
  // magnitude, so a loaded CI machine never fails it and a quadratic pattern always does.
  it("takes linear time on long runs an attacker can post (no catastrophic backtracking)", () => {
    const inputs = ["y".repeat(256 * 1024), "a.".repeat(128 * 1024), `"name":"`.repeat(30_000), "1".repeat(256 * 1024), "name=x&".repeat(30_000), "a@b".repeat(80_000)];
    for (const input of inputs) {
      const t0 = performance.now();
      maskPersonalText(input);
      expect(performance.now() - t0, input.slice(0, 12)).toBeLessThan(5000);
    }
  });
});

describe("maskPersonalData", () => {
  it("masks strings at any depth and phone-named keys whatever they hold, keeping dates and numbers", () => {
    const at = new Date("2026-11-25T00:00:00Z");
    const out = maskPersonalData({ userPhone: "12345", at, n: 13812345678, nested: [{ after: { note: "call 13812345678" } }] });
    expect(out).toEqual({ userPhone: "***45", at, n: 13812345678, nested: [{ after: { note: "call 138****5678" } }] });
    expect(out.at).toBeInstanceOf(Date);
    // A UUID whose last group starts like a mobile number stays intact (it is a cursor, not a phone).
    const id = "0b7c2e1a-4f3d-4a2b-9c1d-13812345678a";
    expect(maskPersonalData({ cursor: { id } })).toEqual({ cursor: { id } });
  });
});
