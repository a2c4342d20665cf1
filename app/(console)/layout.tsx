import type { ReactNode } from "react";
import { TrpcProviders } from "@/components/providers/trpc";
import { ConsoleShell, type NavLink } from "@/components/shell/console-shell";
import { StatusBanner } from "@/components/status/status-banner";
import { requestLocale } from "@/app/_lib/request-locale";
import { pagesFor } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { bannerFor } from "@/server/status/status-snapshot";

// The console's own providers and chrome: only signed-in pages load the tRPC client and React Query.
// The navigation is PAGES (server/auth/permissions.ts) filtered by the user's permissions; each page
// checks its permission again (requirePermission), so a hidden link typed in directly is a 403.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const links: NavLink[] = pagesFor(user).map((p) => ({ href: p.href, label: p.label }));
  // The public status banner, from the in-process snapshot (no query per request); none if it cannot be read.
  const banner = await bannerFor(await requestLocale()).catch(() => null);
  return (
    <TrpcProviders>
      <StatusBanner banner={banner} />
      <ConsoleShell links={links} user={{ name: user.name, email: user.email, role: user.role }}>
        {children}
      </ConsoleShell>
    </TrpcProviders>
  );
}
