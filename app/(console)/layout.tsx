import type { ReactNode } from "react";
import { TrpcProviders } from "@/components/providers/trpc";
import { ConsoleShell, type NavLink } from "@/components/shell/console-shell";
import { pagesFor } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";

// The console's own providers and chrome: only signed-in pages load the tRPC client and React Query.
// The navigation is PAGES (server/auth/permissions.ts) filtered by the user's permissions; each page
// checks its permission again (requirePermission), so a hidden link typed in directly is a 403.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const links: NavLink[] = pagesFor(user).map((p) => ({ href: p.href, label: p.label }));
  return (
    <TrpcProviders>
      <ConsoleShell links={links} user={{ name: user.name, email: user.email, role: user.role }}>
        {children}
      </ConsoleShell>
    </TrpcProviders>
  );
}
