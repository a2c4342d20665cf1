"use client";

import { signOut } from "next-auth/react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/enums";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";

/** Open security notices of the signed-in user (me.notices); dismissing one removes it for good (audited). */
function useSecurityNotices() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.me.notices.queryOptions(undefined, { staleTime: 60_000 }));
  const dismissMutation = useMutation(
    trpc.me.dismissNotice.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.me.notices.queryKey() }),
    }),
  );
  const dismiss = (id: number) => {
    // Gone from the menu at once; the refetch after the mutation brings it back only if the server kept it.
    queryClient.setQueryData(trpc.me.notices.queryKey(), (ns) => ns?.filter((n) => n.id !== id));
    dismissMutation.mutate({ ids: [id] });
  };
  return { notices: list.data ?? [], dismiss };
}

export function UserMenu({ user }: { user: { name: string; email: string; role: Role } }) {
  const { t, dateTime } = useI18n();
  const { notices, dismiss } = useSecurityNotices();
  return (
    <div className="flex items-center gap-2">
      {notices.length > 0 && (
        <Popover>
          <PopoverTrigger asChild>
            <button
              type="button"
              className="rounded-md p-1 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              aria-label={t("ui.notices.count", { count: notices.length })}
            >
              <Badge tone="amber">{t("shell.notice.title")}</Badge>
            </button>
          </PopoverTrigger>
          <PopoverContent aria-label={t("shell.notice.title")} className="space-y-2 p-2">
            {notices.map((n) => (
              <div key={n.id} className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
                <p className="font-semibold">{t("shell.notice.title")}</p>
                <p className="mt-1">
                  {t("shell.notice.failedSignIns", {
                    failures: n.details.failures,
                    addresses: n.details.addresses,
                    from: dateTime(n.details.firstAt),
                    to: dateTime(n.details.lastAt),
                  })}
                </p>
                <button
                  type="button"
                  onClick={() => dismiss(n.id)}
                  className="mt-1 rounded-sm font-medium text-amber-900 underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  {t("shell.notice.dismiss")}
                </button>
              </div>
            ))}
          </PopoverContent>
        </Popover>
      )}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <button
            type="button"
            className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 data-[state=open]:bg-slate-50"
          >
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700">
              {user.email.slice(0, 1).toUpperCase()}
            </span>
            <span className="text-left leading-tight">
              <span className="block text-xs font-medium text-slate-900">{user.name}</span>
              <span className="block text-[11px] text-slate-600">{user.email}</span>
            </span>
            <Badge tone="violet">{t(`role.${user.role}`)}</Badge>
          </button>
        </DropdownMenuTrigger>
        <DropdownMenuContent className="w-64">
          <DropdownMenuLabel>
            <span className="block font-medium text-slate-900">{user.name}</span>
            <span className="block">{user.email}</span>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuItem
            // next-auth's sign-out also bumps the user's session version (events.signOut in server/auth),
            // so a copy of the cookie stops working too.
            onSelect={() => signOut({ callbackUrl: "/signin" })}
          >
            {t("shell.signOut")}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
