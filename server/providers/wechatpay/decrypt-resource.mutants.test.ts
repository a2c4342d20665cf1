import { describe, expect, it } from "vitest";
import { encryptWechatResource } from "@/test/provider-signers";
import { decryptWechatpayResource } from "./decrypt-resource";

const KEY = "0123456789abcdef0123456789ABCDEF";

describe("decryptWechatpayResource", () => {
  it("round-trips a resource encrypted with UTF-8 key, nonce and AAD", () => {
    const ciphertext = encryptWechatResource(KEY, '{"trade_state":"SUCCESS","desc":"支付成功"}', "8VbQ2yK1mX3z", "transaction");
    expect(decryptWechatpayResource({ ciphertext, nonce: "8VbQ2yK1mX3z", associated_data: "transaction" }, KEY)).toBe('{"trade_state":"SUCCESS","desc":"支付成功"}');
  });

  it("refuses a ciphertext that is only a tag (an empty resource), even though it authenticates", () => {
    const ciphertext = encryptWechatResource(KEY, "", "8VbQ2yK1mX3z", "transaction");
    expect(Buffer.from(ciphertext, "base64")).toHaveLength(16);
    expect(decryptWechatpayResource({ ciphertext, nonce: "8VbQ2yK1mX3z", associated_data: "transaction" }, KEY)).toBeUndefined();
  });

  it("returns undefined for a key that is not 32 bytes, a truncated or tampered ciphertext", () => {
    const ciphertext = encryptWechatResource(KEY, '{"a":1}', "8VbQ2yK1mX3z", "transaction");
    expect(decryptWechatpayResource({ ciphertext, nonce: "8VbQ2yK1mX3z", associated_data: "transaction" }, KEY.slice(1))).toBeUndefined();
    expect(decryptWechatpayResource({ ciphertext: Buffer.from(ciphertext, "base64").subarray(0, 20).toString("base64"), nonce: "8VbQ2yK1mX3z", associated_data: "transaction" }, KEY)).toBeUndefined();
    const bytes = Buffer.from(ciphertext, "base64");
    bytes[0] = bytes[0]! ^ 1;
    expect(decryptWechatpayResource({ ciphertext: bytes.toString("base64"), nonce: "8VbQ2yK1mX3z", associated_data: "transaction" }, KEY)).toBeUndefined();
  });
});
