import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/shell/language-switch";
import { StatusBanner } from "@/components/status/status-banner";
import { requestLocale } from "@/app/_lib/request-locale";
import { BrandMark } from "@/components/ui/brand-mark";
import { bannerFor } from "@/server/status/status-snapshot";

// Pages anyone may open: the payment help page now; the status page, self-service lookup and embeddable
// banner (issue 9) next. Deliberately light: no session lookup, no console providers, no tRPC client.
// proxy.ts gives these paths their own headers (PUBLIC_PREFIXES): cacheable, no cookie set, no session read.
export default async function PublicLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations();
  // The status banner from the in-process snapshot (no query per request); none if it cannot be read.
  const banner = await bannerFor(await requestLocale()).catch(() => null);
  return (
    <div className="min-h-screen bg-slate-50">
      <StatusBanner banner={banner} />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-2xl items-center justify-between px-6">
          <BrandMark name={t("app.name")} compact />
          <LanguageSwitch />
        </div>
      </header>
      <main className="mx-auto max-w-2xl px-6 py-8">{children}</main>
    </div>
  );
}
