import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/server/env";

// The lookup hands the ticket form a token proving "both values matched for this order a moment ago":
// base64url(expiry seconds) "." base64url(HMAC-SHA256 over order number, the four digits and the expiry).
// The key is derived from NEXTAUTH_SECRET for this one purpose. The submit still re-checks the phone against
// the order (the token alone is not the proof), so a leaked token without the digits opens nothing.

export const TOKEN_TTL_MS = 15 * 60_000;

const key = () => createHmac("sha256", getEnv().NEXTAUTH_SECRET).update("payops:lookup-ticket:v1").digest();
const mac = (orderNo: string, last4: string, exp: number) => createHmac("sha256", key()).update(`${orderNo}\n${last4}\n${exp}`).digest();

export function issueLookupToken(orderNo: string, last4: string, now = new Date()): string {
  const exp = Math.floor((now.getTime() + TOKEN_TTL_MS) / 1000);
  return `${Buffer.from(String(exp)).toString("base64url")}.${mac(orderNo, last4, exp).toString("base64url")}`;
}

export function verifyLookupToken(token: string, orderNo: string, last4: string, now = new Date()): boolean {
  const [expPart, sigPart, extra] = token.split(".");
  if (!expPart || !sigPart || extra !== undefined || token.length > 200) return false;
  const expText = Buffer.from(expPart, "base64url").toString("utf8");
  if (!/^\d{1,12}$/.test(expText)) return false;
  const exp = Number(expText);
  const given = Buffer.from(sigPart, "base64url");
  const expected = mac(orderNo, last4, exp);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return exp * 1000 > now.getTime();
}
