import "server-only";
import { checkTimestampedHmac, formatTimestampedHmacHeader } from "@/server/lib/timestamped-hmac";

// `X-PayOps-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the same scheme the sandbox
// provider and Stripe use, so merchants can verify it with code they already have.

export function signWebhook(secret: string, body: string, nowSeconds: number): string {
  return formatTimestampedHmacHeader(secret, body, nowSeconds);
}

export function verifyWebhookSignature(secret: string, body: string, header: string | null, nowSeconds: number, toleranceSeconds = 300): boolean {
  return checkTimestampedHmac({ header: header ?? undefined, headerName: "x-payops-signature", body, secret, now: new Date(nowSeconds * 1000), toleranceSeconds }).ok;
}
