import type { Metadata } from "next";
import type { ReactNode } from "react";
import { I18nProvider } from "@/components/i18n/i18n-provider";
import { TrpcProviders } from "@/components/providers/trpc";
import { getEnv } from "@/server/env";
import { requestLocale } from "@/app/_lib/request-locale";
import "./globals.css";

export const metadata: Metadata = { title: "PayOps", robots: { index: false } };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await requestLocale();
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale} timeZone={getEnv().BUSINESS_TIMEZONE}>
          <TrpcProviders>{children}</TrpcProviders>
        </I18nProvider>
      </body>
    </html>
  );
}
