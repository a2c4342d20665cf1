"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import type { Role } from "@/lib/enums";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge } from "@/components/ui/badge";

export function UserMenu({ user }: { user: { name: string; email: string; role: Role } }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <div className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-50"
      >
        <span className="grid h-7 w-7 place-items-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700">
          {user.email.slice(0, 1).toUpperCase()}
        </span>
        <span className="text-left leading-tight">
          <span className="block text-xs font-medium text-slate-900">{user.name}</span>
          <span className="block text-[11px] text-slate-500">{user.email}</span>
        </span>
        <Badge tone="violet">{t(`role.${user.role}`)}</Badge>
      </button>
      {open && (
        <div role="menu" className="absolute right-0 z-20 mt-1 w-44 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200">
          <button
            type="button"
            role="menuitem"
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
