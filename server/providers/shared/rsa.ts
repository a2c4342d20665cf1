import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from "node:crypto";

/** Parses a PEM public key (SPKI or PKCS#1); undefined when the text is not one. */
export function parsePublicKey(pem: string): KeyObject | undefined {
  try {
    return createPublicKey(pem);
  } catch {
    return undefined;
  }
}

export function parsePrivateKey(pem: string): KeyObject | undefined {
  try {
    return createPrivateKey(pem);
  } catch {
    return undefined;
  }
}

/** SHA256withRSA (PKCS#1 v1.5) over the UTF-8 bytes of `data`, base64 signature. Never throws. */
export function verifyRsaSha256(key: KeyObject, data: string, signatureBase64: string): boolean {
  // Node's base64 decoder skips junk characters silently; insist on the canonical alphabet first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) return false;
  try {
    return createVerify("RSA-SHA256").update(data, "utf8").verify(key, signatureBase64, "base64");
  } catch {
    return false;
  }
}

export function signRsaSha256(key: KeyObject | string, data: string): string {
  return createSign("RSA-SHA256").update(data, "utf8").sign(key, "base64");
}
