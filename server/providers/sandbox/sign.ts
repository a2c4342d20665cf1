import "server-only";
import { formatTimestampedHmacHeader } from "@/server/lib/timestamped-hmac";

export const SANDBOX_SIGNATURE_HEADER = "sandbox-signature";

/** `Sandbox-Signature` header value: `t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signSandboxPayload(secret: string, body: string, nowSeconds: number): string {
  return formatTimestampedHmacHeader(secret, body, nowSeconds);
}
