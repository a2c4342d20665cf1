import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getEnv } from "../env";
import { UnauthorizedError } from "./errors";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** `Authorization: Bearer <MERCHANT_API_KEY>`, compared in constant time. */
export function assertMerchant(req: Request): void {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!m || !timingSafeEqual(digest(m[1]!.trim()), digest(getEnv().MERCHANT_API_KEY))) {
    throw new UnauthorizedError("missing or invalid API key");
  }
}
