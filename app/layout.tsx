import type { Metadata } from "next";
import type { ReactNode } from "react";
import { I18nProvider } from "@/components/i18n/i18n-provider";
import { getEnv } from "@/server/env";
import { requestLocale } from "@/app/_lib/request-locale";
import "./globals.css";

export const metadata: Metadata = { title: "PayOps", robots: { index: false } };

// Minimal on purpose: every route group (console, sign-in, public) renders inside it. The console's client
// providers (tRPC, React Query) live in app/(console)/layout.tsx; public pages must not pull them in.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await requestLocale();
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale} timeZone={getEnv().BUSINESS_TIMEZONE}>
          {children}
        </I18nProvider>
      </body>
    </html>
  );
}
