// The console's strings live in messages/<locale>/<area>.json (next-intl); this file keeps the names other
// modules import: the locale helpers and the type of a message key ("nav.orders").
import type { MessageKeys, NestedKeyOf } from "next-intl";
import type { Messages } from "@/messages/areas";

export { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, LOCALES, pickLocale, type Locale } from "./locale";

/** Every leaf key of the messages, dotted: "nav.orders", "tl.verification.verified". */
export type MessageKey = MessageKeys<Messages, NestedKeyOf<Messages>>;
