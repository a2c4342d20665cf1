import { describe, expect, it } from "vitest";
import { BinaryCopyWriter } from "./pg-copy-binary";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("BinaryCopyWriter", () => {
  it("writes a row in PostgreSQL's binary COPY format, byte for byte as the format's description gives it", () => {
    const w = new BinaryCopyWriter(200);
    w.row(7);
    w.int4(-2);
    w.int8(-1);
    w.int8(2 ** 32 + 5);
    w.bool(true);
    w.null();
    w.text("aé");
    w.timestamptz(new Date(Date.UTC(2000, 0, 1, 0, 0, 1)));
    expect(hex(w.bytes())).toBe(
      [
        "0007", // field count
        "00000004", "fffffffe", // int4 -2
        "00000008", "ffffffff", "ffffffff", // int8 -1
        "00000008", "00000001", "00000005", // int8 2^32 + 5
        "00000001", "01", // bool true
        "ffffffff", // NULL
        "00000003", "61c3a9", // "aé" in UTF-8
        "00000008", "0000000000", "0f4240", // one second after 2000-01-01 in microseconds (1,000,000)
      ].join(""),
    );
  });

  it("refuses what it cannot write exactly instead of wrapping or cutting it", () => {
    const w = new BinaryCopyWriter(64);
    expect(() => w.int4(2 ** 31)).toThrow(RangeError);
    expect(() => w.int4(1.5)).toThrow(RangeError);
    expect(() => w.int8(2 ** 53)).toThrow(RangeError);
    expect(() => w.timestamptz(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => new BinaryCopyWriter(10).text("more than ten bytes")).toThrow(/capacity/);
    // Nothing was written by the refused calls.
    expect(w.bytes().length).toBe(0);
  });
});
