"use client";

import { signOut } from "next-auth/react";
import { useEffect, useState } from "react";
import type { Role } from "@/lib/enums";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge } from "@/components/ui/badge";

interface Notice {
  id: number;
  kind: "failed_sign_in_burst";
  details: { failures: number; addresses: number; firstAt: string; lastAt: string };
}

/** Open security notices of the signed-in user (GET /api/auth/notices); dismissing one removes it for good. */
function useSecurityNotices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    let cancelled = false;
    fetch("/api/auth/notices", { cache: "no-store" })
      .then((r) => (r.ok ? (r.json() as Promise<{ notices: Notice[] }>) : { notices: [] }))
      .then((b) => !cancelled && setNotices(b.notices))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  const dismiss = (id: number) => {
    setNotices((ns) => ns.filter((n) => n.id !== id));
    void fetch("/api/auth/notices", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ids: [id] }) }).catch(() => undefined);
  };
  return { notices, dismiss };
}

export function UserMenu({ user }: { user: { name: string; email: string; role: Role } }) {
  const { t, dateTime } = useI18n();
  const [open, setOpen] = useState(false);
  const { notices, dismiss } = useSecurityNotices();
  return (
    <div className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-50"
      >
        <span className="relative grid h-7 w-7 place-items-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700">
          {user.email.slice(0, 1).toUpperCase()}
          {notices.length > 0 && <span className="absolute -right-0.5 -top-0.5 h-2.5 w-2.5 rounded-full bg-amber-500 ring-2 ring-white" aria-hidden />}
        </span>
        <span className="text-left leading-tight">
          <span className="block text-xs font-medium text-slate-900">{user.name}</span>
          <span className="block text-[11px] text-slate-500">{user.email}</span>
        </span>
        <Badge tone="violet">{t(`role.${user.role}`)}</Badge>
        {notices.length > 0 && <Badge tone="amber">{t("shell.notice.title")}</Badge>}
      </button>
      {open && (
        <div role="menu" className="absolute right-0 z-20 mt-1 w-80 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200">
          {notices.map((n) => (
            <div key={n.id} role="alert" className="mx-2 my-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
              <p className="font-semibold">{t("shell.notice.title")}</p>
              <p className="mt-1">
                {t("shell.notice.failedSignIns", {
                  failures: n.details.failures,
                  addresses: n.details.addresses,
                  from: dateTime(n.details.firstAt),
                  to: dateTime(n.details.lastAt),
                })}
              </p>
              <button type="button" role="menuitem" onClick={() => dismiss(n.id)} className="mt-1 font-medium text-amber-900 underline">
                {t("shell.notice.dismiss")}
              </button>
            </div>
          ))}
          <button
            type="button"
            role="menuitem"
            // next-auth's sign-out also bumps the user's session version (events.signOut in server/auth),
            // so a copy of the cookie stops working too.
            onClick={() => signOut({ callbackUrl: "/signin" })}
            className="block w-full px-3 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-50"
          >
            {t("shell.signOut")}
          </button>
        </div>
      )}
    </div>
  );
}
