import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { usesSecureCookies } from "@/server/auth/public-url";
import { getEnv } from "@/server/env";

// Pages get their Content-Security-Policy here, with a fresh nonce per request: Next reads the nonce back
// from the request's CSP header and puts it on its own inline bootstrap scripts, so no 'unsafe-inline'
// is needed for scripts. (Every page is dynamic already: the root layout reads cookies for the locale.)
// API responses carry a static, script-free policy from next.config.js.
//
// Headers differ per route group (docs/security.md, "Headers per route group"):
//   console  (app/(console), "/")  session required; never framed; never stored by any cache
//   signin   (app/signin)          no session; never framed; never stored
//   ack      (app/ack)             no session (the signed token in the URL is the authority); never framed; never stored
//   public   (app/(public))        no session read at all; never framed; cacheable, no cookies set
//   embed    (app/(public)/embed)  as public, but framable by EMBED_FRAME_ANCESTORS only
//   demo     (app/demo)            sample merchant pages (plain HTML embedding banner.js): no session; scripts from this origin only
const isDev = process.env.NODE_ENV !== "production";

/** URL prefixes of the pages in app/(public); app/security-headers.test.ts checks every public page is under one. */
export const PUBLIC_PREFIXES = ["/help", "/status", "/lookup", "/embed"] as const;
export const EMBED_PREFIX = "/embed";

/** The alert acknowledge links in notification messages (app/ack/[token]): opened from a phone, without a session. */
export const ACK_PREFIX = "/ack";

/** Sample merchant pages for the demo (app/demo, e.g. /demo/shop embedding the status banner). */
export const DEMO_PREFIX = "/demo";

export type RouteGroup = "console" | "signin" | "ack" | "public" | "embed" | "demo";

const under = (pathname: string, prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);

export function routeGroupOf(pathname: string): RouteGroup {
  if (under(pathname, EMBED_PREFIX)) return "embed";
  if (PUBLIC_PREFIXES.some((p) => under(pathname, p))) return "public";
  if (under(pathname, "/signin")) return "signin";
  if (under(pathname, ACK_PREFIX)) return "ack";
  if (under(pathname, DEMO_PREFIX)) return "demo";
  return "console";
}

function contentSecurityPolicy(nonce: string, frameAncestors: string): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts a nonced script loads (Next's chunks) are trusted; 'self' is the fallback
    // for browsers without CSP3. 'unsafe-eval' only for the dev server's React Refresh.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

/** HSTS only when the portal is served over https (APP_URL); on http it would be ignored or, worse, stick. */
const HSTS = "max-age=63072000; includeSubDomains";

// Signed-in pages and the sign-in form: nothing in any cache, shared or private (back button included).
const NO_STORE = "private, no-store";
// Public pages are the same for everyone (no session is read), so a CDN may keep them briefly. They vary
// by language only: the locale cookie, else Accept-Language (app/_lib/request-locale.ts). The nonce is then
// shared by everyone who gets the cached copy; that is acceptable for pages that render no user input.
const PUBLIC_CACHE = "public, max-age=60, stale-while-revalidate=300";

function withSecurityHeaders(res: NextResponse, csp: string, group: RouteGroup): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  if (new URL(getEnv().APP_URL).protocol === "https:") res.headers.set("Strict-Transport-Security", HSTS);
  if (group === "public" || group === "embed" || group === "demo") {
    res.headers.set("Cache-Control", PUBLIC_CACHE);
    res.headers.set("Vary", "Cookie, Accept-Language");
  } else {
    res.headers.set("Cache-Control", NO_STORE);
  }
  return res;
}

// A merchant's page as a merchant would serve it: no Next scripts, so no nonce; only its own origin's scripts
// (the banner script is served from here too) and fetches (/api/status), inline styles allowed.
const DEMO_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function proxy(request: NextRequest) {
  const group = routeGroupOf(request.nextUrl.pathname);
  if (group === "demo") return withSecurityHeaders(NextResponse.next(), DEMO_CSP, group);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  // X-Frame-Options cannot name allowed sites, so /embed/ gets none (next.config.js) and relies on this.
  const embedAncestors = getEnv().EMBED_FRAME_ANCESTORS;
  const csp = contentSecurityPolicy(nonce, group === "embed" && embedAncestors.length > 0 ? embedAncestors.join(" ") : "'none'");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const pass = () => withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp, group);
  // The self-service lookup is public (no session) but answers about one person's order, in the action POSTs
  // that re-render it: never stored by any cache (app/(public)/lookup).
  if (group === "public" && under(request.nextUrl.pathname, "/lookup")) {
    const res = pass();
    res.headers.set("Cache-Control", NO_STORE);
    return res;
  }

  // Public pages and the sign-in page need the nonce but no session; public pages never even look at the
  // session cookie (they render the same for everyone, and set no cookie).
  if (group !== "console") return pass();

  // Optimistic check only: a request without a valid session cookie goes to /signin before any page renders.
  // The console layout and every tRPC procedure check the session (and the user's current state) again.
  // Same cookie name as next-auth uses (__Secure- prefixed when APP_URL is https), whatever NEXTAUTH_URL says.
  const token = await getToken({ req: request, secret: getEnv().NEXTAUTH_SECRET, secureCookie: usesSecureCookies() });
  if (token) return pass();
  const url = new URL("/signin", request.url);
  const back = request.nextUrl.pathname + request.nextUrl.search;
  if (back !== "/") url.searchParams.set("callbackUrl", back);
  return withSecurityHeaders(NextResponse.redirect(url), csp, group);
}

export const config = {
  // Pages only: not APIs (they answer 401 themselves and get next.config.js's headers) or static assets.
  matcher: ["/((?!api|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js|woff2?|txt)$).*)"],
};
