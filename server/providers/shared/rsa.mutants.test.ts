import { createSecretKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateRsaKeyPair } from "@/test/provider-signers";
import { parsePrivateKey, parsePublicKey, signRsaSha256, verifyRsaSha256 } from "./rsa";

const pair = generateRsaKeyPair();
const pub = createPublicKey(pair.publicKey);

describe("parsePublicKey / parsePrivateKey", () => {
  it("parse PEM, undefined for anything else", () => {
    expect(parsePublicKey(pair.publicKey)?.type).toBe("public");
    expect(parsePublicKey("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----")).toBeUndefined();
    expect(parsePrivateKey(pair.privateKey)?.type).toBe("private");
    expect(parsePrivateKey("not a key")).toBeUndefined();
  });
});

describe("verifyRsaSha256", () => {
  const data = "2026-09-15 支付成功";
  const sig = signRsaSha256(pair.privateKey, data);

  it("verifies a string as its UTF-8 bytes, and the same bytes as a Buffer", () => {
    expect(verifyRsaSha256(pub, data, sig)).toBe(true);
    expect(verifyRsaSha256(pub, Buffer.from(data, "utf8"), sig)).toBe(true);
    expect(verifyRsaSha256(pub, Buffer.from(data, "latin1"), sig)).toBe(false);
    expect(signRsaSha256(pair.privateKey, Buffer.from(data, "utf8"))).toBe(sig);
  });

  it("refuses a signature with characters outside the base64 alphabet, which Node would skip", () => {
    expect(verifyRsaSha256(pub, data, `${sig}!`)).toBe(false);
    expect(verifyRsaSha256(pub, data, `!${sig}`)).toBe(false);
    expect(verifyRsaSha256(pub, data, `${sig.slice(0, 10)}\n${sig.slice(10)}`)).toBe(false);
    expect(verifyRsaSha256(pub, data, "")).toBe(false);
  });

  it("returns false instead of throwing for a key that cannot verify", () => {
    expect(verifyRsaSha256(createSecretKey(Buffer.alloc(32, 1)), data, sig)).toBe(false);
  });
});
