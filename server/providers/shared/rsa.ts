import "server-only";
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

/** SHA256withRSA (PKCS#1 v1.5) over `data` (a string means its UTF-8 bytes), base64 signature. Never throws. */
export function verifyRsaSha256(key: KeyObject, data: string | Buffer, signatureBase64: string): boolean {
  // Node's base64 decoder skips junk characters silently; insist on the canonical alphabet first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) return false;
  try {
    const verifier = createVerify("RSA-SHA256");
    if (typeof data === "string") verifier.update(data, "utf8");
    else verifier.update(data);
    return verifier.verify(key, signatureBase64, "base64");
  } catch {
    return false;
  }
}

export function signRsaSha256(key: KeyObject | string, data: string | Buffer): string {
  const signer = createSign("RSA-SHA256");
  if (typeof data === "string") signer.update(data, "utf8");
  else signer.update(data);
  return signer.sign(key, "base64");
}
