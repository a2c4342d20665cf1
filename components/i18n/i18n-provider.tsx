// The console's i18n facade over next-intl. No "use client" on purpose: rendered from a server layout,
// <I18nProvider> is next-intl's server provider, which reads i18n/request.ts and hands the browser the
// active locale's messages only; client components call useI18n() as before.
import { useMemo, type ReactNode } from "react";
import { NextIntlClientProvider, useFormatter, useLocale, useNow, useTimeZone, useTranslations } from "next-intl";
import { formatMoney } from "@/lib/money";
import type { Locale } from "@/lib/i18n/locale";
import type { MessageKey } from "@/lib/i18n/messages";

/** Values for a message's ICU arguments: `{n}`, `{count, plural, …}`, `{at, date, short}`. */
export type MessageValues = Record<string, string | number | Date>;

interface I18n {
  locale: Locale;
  timeZone: string;
  t: (key: MessageKey, vars?: MessageValues) => string;
  /** Whether a message exists: for labels looked up from data (audit field names), which fall back quietly. */
  has: (key: string) => boolean;
  /** Date-time in the business time zone, e.g. "2025-11-25 14:03:07". */
  dateTime: (d: Date | string | null | undefined) => string;
  money: (minor: number | null | undefined, currency: string | null | undefined) => string;
  /** Short label of the business zone, e.g. "GMT+8". */
  zoneLabel: string;
  /** next-intl's formatter (numbers, relative times, lists) in the active locale and business zone. */
  format: ReturnType<typeof useFormatter>;
}

/**
 * Locale, time zone, messages and "now" come from i18n/request.ts for this request; the props remain for
 * callers that pass them, and override it.
 */
export function I18nProvider({ locale, timeZone, children }: { locale?: Locale; timeZone?: string; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone}>
      {children}
    </NextIntlClientProvider>
  );
}

// One wall-clock shape in both languages, "2025-11-25 14:03:07": sortable, unambiguous, and what ops paste
// into tickets. Swedish is the locale whose Intl output is exactly that; it is a format, not a language.
function wallClock(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
}

export function useI18n(): I18n {
  const locale = useLocale();
  const timeZone = useTimeZone() ?? "UTC";
  const translate = useTranslations();
  const format = useFormatter();
  // The request's "now" (i18n/request.ts), so the label is the same on the server and in the browser.
  const now = useNow();
  return useMemo<I18n>(() => {
    const fmt = wallClock(timeZone);
    const zoneLabel = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" }).formatToParts(now).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
    return {
      locale,
      timeZone,
      zoneLabel,
      // Keys are checked at the call site (MessageKey); values are checked by the message tests, not per key.
      t: (key, vars) => (translate as unknown as (k: string, v?: MessageValues) => string)(key, vars),
      has: (key) => (translate as unknown as { has: (k: string) => boolean }).has(key),
      dateTime: (d) => (d ? fmt.format(typeof d === "string" ? new Date(d) : d) : "—"),
      money: (minor, currency) => (minor === null || minor === undefined || !currency ? "—" : formatMoney(minor, currency, locale)),
      format,
    };
  }, [locale, timeZone, translate, format, now]);
}
