import "server-only";
import { LOCALES, type Locale } from "@/lib/i18n/locale";
import { TEMPLATE_KEYS, type TemplateKey, type TemplateValues } from "@/lib/user-notices";
import { noticeValues, remedyOf } from "./notice-values";

/** The sample order the preview and test sends render with (a made-up user: nothing real is shown). */
export const SAMPLE_ORDER = { orderNo: "ORD20261126000123", userId: "u1001", userPhone: "13800001234", amountMinor: 1230, currency: "CNY", provider: "alipay" as const };

/** Sample values per template key and language: the console's live preview renders drafts with these. */
export function templateSamples(): Record<TemplateKey, Record<Locale, TemplateValues>> {
  const out = {} as Record<TemplateKey, Record<Locale, TemplateValues>>;
  for (const key of TEMPLATE_KEYS) {
    const situation = key === "follow_up" ? "paid_not_updated" : key;
    const kind = key === "follow_up" ? "follow_up" : "initial";
    out[key] = {} as Record<Locale, TemplateValues>;
    for (const locale of LOCALES) {
      const currency = locale === "en" ? "USD" : "CNY";
      out[key][locale] = noticeValues({ ...SAMPLE_ORDER, currency, provider: locale === "en" ? "stripe" : "alipay" }, situation, kind, locale, remedyOf(situation, false));
    }
  }
  return out;
}
