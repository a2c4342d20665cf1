"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import type { Role } from "@/lib/enums";
import { useI18n } from "@/components/i18n/i18n-provider";
import { cx } from "@/components/ui/cx";
import type { MessageKey } from "@/lib/i18n/messages";
import { LanguageSwitch } from "./language-switch";
import { UserMenu } from "./user-menu";
import { BrandMark } from "@/components/ui/brand-mark";
import { Toaster } from "@/components/ui/toast";
import { FiringBadge } from "@/components/alerts/firing-badge";

export interface NavLink {
  href: string;
  label: MessageKey;
}

export function ConsoleShell({ links, user, children }: { links: NavLink[]; user: { name: string; email: string; role: Role }; children: ReactNode }) {
  const { t, timeZone, zoneLabel } = useI18n();
  const pathname = usePathname();
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 flex h-screen w-52 shrink-0 flex-col border-r border-slate-200 bg-white print:hidden">
        <div className="flex h-14 items-center gap-2 border-b border-slate-100 px-4">
          <BrandMark name={t("app.name")} compact />
        </div>
        <nav aria-label="Main" className="flex-1 space-y-0.5 p-2">
          {links.map((l) => {
            // The most specific link wins: /alerts/rules is "Alert rules", not also "Alerts".
            const matches = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
            const active = matches(l.href) && !links.some((o) => o.href.length > l.href.length && matches(o.href));
            return (
              <Link
                key={l.href}
                href={l.href}
                aria-current={active ? "page" : undefined}
                className={cx(
                  "flex items-center gap-2 rounded-md px-3 py-1.5 text-sm",
                  active ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
                )}
              >
                {t(l.label)}
                {l.href === "/alerts" && <FiringBadge />}
              </Link>
            );
          })}
        </nav>
        <div className="border-t border-slate-100 p-3 text-xs text-slate-500">
          {t("shell.timeZone")}: {timeZone} ({zoneLabel})
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-end gap-3 border-b border-slate-200 bg-white px-6 print:hidden">
          <LanguageSwitch />
          <UserMenu user={user} />
        </header>
        <main className="flex-1 px-6 py-5">{children}</main>
        <Toaster />
      </div>
    </div>
  );
}
