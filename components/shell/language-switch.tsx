"use client";

import { useRouter } from "next/navigation";
import { useI18n } from "@/components/i18n/i18n-provider";
import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/locale";

const LABELS: Record<Locale, string> = { "zh-CN": "中文", en: "English" };

export function LanguageSwitch() {
  const { locale, t } = useI18n();
  const router = useRouter();
  const choose = (next: Locale) => {
    // A year; the choice outlives sessions. Not HttpOnly: it is a preference, not a credential.
    // eslint-disable-next-line react-hooks/immutability -- a click handler, not render: writing the cookie is the point
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  };
  return (
    <div role="group" aria-label={t("shell.language")} className="inline-flex rounded-md ring-1 ring-slate-300">
      {(Object.keys(LABELS) as Locale[]).map((l) => (
        <button
          key={l}
          type="button"
          aria-pressed={locale === l}
          onClick={() => choose(l)}
          className={locale === l ? "bg-slate-800 px-2 py-1 text-xs font-medium text-white first:rounded-l-md last:rounded-r-md" : "px-2 py-1 text-xs text-slate-600 hover:bg-slate-50"}
        >
          {LABELS[l]}
        </button>
      ))}
    </div>
  );
}
