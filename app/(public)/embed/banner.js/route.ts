import { createHash } from "node:crypto";
import { BANNER_SCRIPT } from "./banner-script";

// GET /embed/banner.js — the status banner for merchant websites (./banner-script.ts). proxy.ts's matcher
// skips *.js, so this handler sets its own headers: a script any origin may load (CORS, CORP cross-origin),
// cached briefly by browsers and CDNs (it changes only with a deploy; the status itself comes from
// /api/status at run time), no cookie, and nosniff so it is only ever run as the script it says it is.
export const dynamic = "force-dynamic";

const ETAG = `"${createHash("sha256").update(BANNER_SCRIPT).digest("base64url").slice(0, 22)}"`;

export const BANNER_HEADERS = {
  "content-type": "text/javascript; charset=utf-8",
  "cache-control": "public, max-age=300, s-maxage=60, stale-while-revalidate=3600",
  "access-control-allow-origin": "*",
  "cross-origin-resource-policy": "cross-origin",
  "x-content-type-options": "nosniff",
  etag: ETAG,
} as const;

export function GET(req: Request): Response {
  if (req.headers.get("if-none-match") === ETAG) return new Response(null, { status: 304, headers: BANNER_HEADERS });
  return new Response(BANNER_SCRIPT, { headers: BANNER_HEADERS });
}
