import "server-only";
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, pickLocale, type Locale } from "@/lib/i18n/locale";

// Request-bound, so it lives with the pages and not in server/: the domain never reads next/headers.
/** The locale of this request: the switch cookie, else the browser's Accept-Language. */
export async function requestLocale(): Promise<Locale> {
  const [c, h] = await Promise.all([cookies(), headers()]);
  return pickLocale(c.get(LOCALE_COOKIE)?.value, h.get("accept-language"));
}
