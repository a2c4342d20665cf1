"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { formatMoney } from "@/lib/money";
import { translate, type Locale, type MessageKey } from "@/lib/i18n/messages";

interface I18n {
  locale: Locale;
  timeZone: string;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** Date-time in the business time zone, e.g. "2025-11-25 14:03:07". */
  dateTime: (d: Date | string | null | undefined) => string;
  money: (minor: number | null | undefined, currency: string | null | undefined) => string;
  /** Short label of the business zone, e.g. "GMT+8". */
  zoneLabel: string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ locale, timeZone, children }: { locale: Locale; timeZone: string; children: ReactNode }) {
  const value = useMemo<I18n>(() => {
    const fmt = new Intl.DateTimeFormat("sv-SE", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hour12: false,
    });
    const zoneLabel =
      new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName")
        ?.value ?? timeZone;
    return {
      locale,
      timeZone,
      zoneLabel,
      t: (key, vars) => translate(locale, key, vars),
      dateTime: (d) => (d ? fmt.format(typeof d === "string" ? new Date(d) : d) : "—"),
      money: (minor, currency) => (minor === null || minor === undefined || !currency ? "—" : formatMoney(minor, currency, locale)),
    };
  }, [locale, timeZone]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}
