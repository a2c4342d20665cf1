import "server-only";
import { getEnv, type Env } from "@/server/env";

/**
 * Cookies are `Secure` (and next-auth names them `__Secure-…`/`__Host-…`) exactly when the portal's public
 * URL is https. Derived from APP_URL rather than NEXTAUTH_URL, so the documented configuration is enough;
 * everything that reads the session cookie (next-auth, the proxy's getToken) must use this same answer.
 */
export function usesSecureCookies(env: Pick<Env, "APP_URL"> = getEnv()): boolean {
  return new URL(env.APP_URL).protocol === "https:";
}

let derived = false;

/**
 * next-auth 4 reads NEXTAUTH_URL from process.env on every request (its default redirect after sign-out,
 * its own links); unset, it assumes http://localhost:3000. Operators set APP_URL only: NEXTAUTH_URL is
 * filled in from it here, and server/env.ts refuses a NEXTAUTH_URL that disagrees with APP_URL.
 */
export function syncNextAuthUrl(env: Pick<Env, "APP_URL"> = getEnv()): void {
  // Writes next-auth's own setting (it offers no option for it); our configuration is still read via getEnv().
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXTAUTH_URL && !derived) return;
  // eslint-disable-next-line no-restricted-properties
  process.env.NEXTAUTH_URL = env.APP_URL;
  derived = true;
}
