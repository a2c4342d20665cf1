import { isLocale, pickLocale, type Locale } from "@/lib/i18n/locale";
import { log } from "@/server/lib/log";
import { publicStatus } from "@/server/status/status-snapshot";

export const dynamic = "force-dynamic";

// Issue 9's public status JSON, read by the embeddable banner, the React banner and native apps. Everyone
// reloads during an incident, so: served from the in-process snapshot (no query per request), cacheable by a
// CDN or reverse proxy (short s-maxage, then stale-while-revalidate), no cookie, no session, CORS-open.
const CACHE_CONTROL = "public, max-age=5, s-maxage=10, stale-while-revalidate=30";
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, HEAD, OPTIONS",
  "access-control-allow-headers": "Accept, Accept-Language, If-None-Match",
  "access-control-max-age": "86400",
};

function localeOf(req: Request): Locale {
  const asked = new URL(req.url).searchParams.get("locale");
  if (isLocale(asked)) return asked;
  return pickLocale(undefined, req.headers.get("accept-language"));
}

/** Whether If-None-Match names this ETag (a list, weak or strong, or "*"). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag === etag || tag === `W/${etag}`;
  });
}

export async function GET(req: Request): Promise<Response> {
  let snap;
  try {
    snap = await publicStatus(localeOf(req));
  } catch (error) {
    // Only before the first snapshot ever loaded (database down at start): the banner shows nothing on a 503.
    log.error("status snapshot unavailable", { error });
    return new Response(JSON.stringify({ error: "status unavailable" }), { status: 503, headers: { ...CORS, "content-type": "application/json", "cache-control": "no-store", "retry-after": "5" } });
  }
  const headers = { ...CORS, "cache-control": CACHE_CONTROL, etag: snap.etag, vary: "Accept-Language" };
  if (matches(req.headers.get("if-none-match"), snap.etag)) return new Response(null, { status: 304, headers });
  return new Response(snap.body, { status: 200, headers: { ...headers, "content-type": "application/json; charset=utf-8" } });
}

export function OPTIONS(): Response {
  return new Response(null, { status: 204, headers: CORS });
}
