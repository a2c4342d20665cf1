import "server-only";
import { getRequestConfig } from "next-intl/server";
import { requestLocale } from "@/app/_lib/request-locale";
import { loadMessages } from "@/messages/areas";
import { getEnv } from "@/server/env";

// next-intl reads this once per request (the plugin in next.config.js points at it). There is no locale in
// the URL: the language switch's cookie decides, else the browser's Accept-Language.
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return {
    locale,
    messages: await loadMessages(locale),
    // Times are shown in the business's zone, not the server's or the browser's.
    timeZone: getEnv().BUSINESS_TIMEZONE,
    // One "now" per request, handed to the client provider too, so relative times and the zone's offset
    // render the same on the server and in the browser (no hydration mismatch).
    now: new Date(),
  };
});
