import type { ReactNode } from "react";
import { ConsoleShell, type NavLink } from "@/components/shell/console-shell";
import { canOpenPage, PAGES } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import type { MessageKey } from "@/lib/i18n/messages";

const LABELS: Record<(typeof PAGES)[number]["href"], MessageKey> = {
  "/orders": "nav.orders",
  "/jobs": "nav.jobs",
  "/callbacks": "nav.callbacks",
  "/discrepancies": "nav.discrepancies",
  "/ops": "nav.ops",
  "/audit": "nav.audit",
};

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const links: NavLink[] = PAGES.filter((p) => canOpenPage(user.role, p.href)).map((p) => ({ href: p.href, label: LABELS[p.href] }));
  return (
    <ConsoleShell links={links} user={{ name: user.name, email: user.email, role: user.role }}>
      {children}
    </ConsoleShell>
  );
}
