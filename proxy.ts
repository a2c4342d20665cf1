import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { usesSecureCookies } from "@/server/auth/public-url";
import { getEnv } from "@/server/env";

// Pages get their Content-Security-Policy here, with a fresh nonce per request: Next reads the nonce back
// from the request's CSP header and puts it on its own inline bootstrap scripts, so no 'unsafe-inline'
// is needed for scripts. (Every page is dynamic already: the root layout reads cookies for the locale.)
// API responses carry a static, script-free policy from next.config.js.
const isDev = process.env.NODE_ENV !== "production";

function contentSecurityPolicy(nonce: string): string {
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
    "frame-ancestors 'none'",
  ].join("; ");
}

/** HSTS only when the portal is served over https (APP_URL); on http it would be ignored or, worse, stick. */
const HSTS = "max-age=63072000; includeSubDomains";

function withSecurityHeaders(res: NextResponse, csp: string): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  if (new URL(getEnv().APP_URL).protocol === "https:") res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}

export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const pass = () => withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);

  // The sign-in page needs the nonce but no session.
  if (request.nextUrl.pathname === "/signin" || request.nextUrl.pathname.startsWith("/signin/")) return pass();

  // Optimistic check only: a request without a valid session cookie goes to /signin before any page renders.
  // The console layout and every tRPC procedure check the session (and the user's current state) again.
  // Same cookie name as next-auth uses (__Secure- prefixed when APP_URL is https), whatever NEXTAUTH_URL says.
  const token = await getToken({ req: request, secret: getEnv().NEXTAUTH_SECRET, secureCookie: usesSecureCookies() });
  if (token) return pass();
  const url = new URL("/signin", request.url);
  const back = request.nextUrl.pathname + request.nextUrl.search;
  if (back !== "/") url.searchParams.set("callbackUrl", back);
  return withSecurityHeaders(NextResponse.redirect(url), csp);
}

export const config = {
  // Pages only: not APIs (they answer 401 themselves and get next.config.js's headers), the public status
  // page (its own layout) or static assets.
  matcher: ["/((?!status|api|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js|woff2?|txt)$).*)"],
};
