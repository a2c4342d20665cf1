import "server-only";
import { createDecipheriv } from "node:crypto";

const TAG_BYTES = 16;

/**
 * AEAD_AES_256_GCM as WeChat uses it (providers.md §3.4): key = APIv3 key's UTF-8 bytes, nonce and AAD as
 * UTF-8 (not base64), tag = last 16 bytes of the base64 ciphertext. Returns undefined when authentication
 * fails — wrong key, nonce, AAD or a tampered ciphertext all look the same, by design of GCM.
 */
export function decryptWechatpayResource(
  resource: { ciphertext: string; nonce: string; associated_data: string },
  apiV3Key: string,
): string | undefined {
  const key = Buffer.from(apiV3Key, "utf8");
  const data = Buffer.from(resource.ciphertext, "base64");
  if (key.length !== 32 || data.length <= TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(resource.nonce, "utf8"), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(resource.associated_data, "utf8"));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}
