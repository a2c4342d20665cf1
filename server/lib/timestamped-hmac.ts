import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { reason, type Reason } from "@/lib/reasons";

// Stripe's `t=<unix>,v1=<hex>[,v1=…]` scheme; our sandbox provider copies it so both share one verifier.

export function hmacSha256Hex(secret: string, timestamp: number | string, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export function formatTimestampedHmacHeader(secret: string, body: string, nowSeconds: number): string {
  const t = Math.floor(nowSeconds);
  return `t=${t},v1=${hmacSha256Hex(secret, t, body)}`;
}

export type HmacCheck = { ok: true; timestamp: number } | { ok: false; reason: string; coded?: Reason };

/**
 * Checks the signature first (constant-time against every v1), then the age, so a forged header never
 * learns anything about our clock. Rejects both stale (> tolerance old) and future (> tolerance ahead)
 * timestamps: a clock 5 minutes ahead of ours is as suspicious as a replay.
 */
export function checkTimestampedHmac(opts: {
  header: string | undefined;
  headerName: string;
  body: string;
  secret: string;
  now: Date;
  toleranceSeconds: number;
}): HmacCheck {
  const { header, headerName } = opts;
  if (!header || header.trim() === "") return { ok: false, reason: `missing ${headerName} header`, coded: reason("callback.missing_header", { header: headerName }) };
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === "v1") v1.push(value);
  }
  if (t === undefined) return { ok: false, reason: `${headerName} has no valid t= timestamp` };
  if (v1.length === 0) return { ok: false, reason: `${headerName} has no v1 signature` };
  const expected = Buffer.from(hmacSha256Hex(opts.secret, t, opts.body), "hex");
  const matched = v1.some((sig) => {
    if (!/^[0-9a-fA-F]{64}$/.test(sig)) return false;
    return timingSafeEqual(Buffer.from(sig, "hex"), expected);
  });
  if (!matched) return { ok: false, reason: "signature mismatch", coded: reason("callback.signature_mismatch") };
  const age = Math.floor(opts.now.getTime() / 1000) - t;
  const max = opts.toleranceSeconds;
  if (age > max) return { ok: false, reason: `timestamp ${age}s old (max ${max}s)`, coded: reason("callback.timestamp_stale", { ageSeconds: age, maxSeconds: max }) };
  if (-age > max) return { ok: false, reason: `timestamp ${-age}s in the future (max ${max}s)`, coded: reason("callback.timestamp_future", { aheadSeconds: -age, maxSeconds: max }) };
  return { ok: true, timestamp: t };
}
