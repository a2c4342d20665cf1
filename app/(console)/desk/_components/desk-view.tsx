"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { BriefBanner } from "@/components/desk/brief-banner";
import { MY_TICKETS_INPUT } from "@/components/desk/desk-inputs";
import { useSlashFocus } from "@/components/desk/use-slash-focus";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { ScriptPicker } from "@/components/scripts/script-picker";
import { TicketPriorityBadge, TicketStatusBadge } from "@/components/tickets/ticket-badges";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";

const OPEN = new Set(["new", "open", "pending", "pending_approval"]);

export function DeskView({ canSeeTickets, canApprove }: { canSeeTickets: boolean; canApprove: boolean }) {
  const { t } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const search = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState("");
  useSlashFocus(search);
  const mine = useQuery({ ...trpc.ticket.list.queryOptions(MY_TICKETS_INPUT), enabled: canSeeTickets });
  const openCount = mine.data?.items.filter((tk) => OPEN.has(tk.status)).length;
  const approvals = useQuery({ ...trpc.refund.list.queryOptions({ queue: "pending_approval", limit: 100 }), enabled: canApprove });
  const approvalCount = approvals.data ? `${approvals.data.items.length}${approvals.data.nextCursor ? "+" : ""}` : "—";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const query = q.trim();
    if (query) router.push(`/customers?q=${encodeURIComponent(query)}`);
  };

  return (
    <>
      <PageHeader title={t("desk.title")} subtitle={t("desk.subtitle")} />
      <BriefBanner />
      <div className="mt-4 grid gap-4 xl:grid-cols-[1fr_24rem]">
        <div className="min-w-0 space-y-4">
          <Card>
            <form role="search" onSubmit={submit} className="flex flex-wrap items-center gap-2 p-4">
              <label htmlFor="desk-search" className="text-sm font-medium text-slate-700">
                {t("desk.search.label")}
              </label>
              <input
                id="desk-search"
                ref={search}
                type="search"
                value={q}
                onChange={(e) => setQ(e.target.value)}
                placeholder={t("desk.search.placeholder")}
                aria-keyshortcuts="/"
                className="min-w-64 flex-1 rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
              />
              <Button type="submit" variant="primary">
                {t("desk.search.submit")}
              </Button>
              <p className="w-full text-xs text-slate-500">{t("desk.search.hint")}</p>
            </form>
          </Card>
          {canSeeTickets && (
            <Card
              title={t("desk.mine.title")}
              actions={
                <Link href="/tickets" className="text-xs text-indigo-700 hover:underline">
                  {t("desk.mine.all")}
                </Link>
              }
            >
              {mine.isPending ? (
                <LoadingState rows={3} />
              ) : mine.isError ? (
                <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />
              ) : mine.data.items.length === 0 ? (
                <EmptyState title={t("desk.mine.empty")} />
              ) : (
                <ul aria-label={t("desk.mine.title")} className="divide-y divide-slate-100">
                  {mine.data.items.map((tk) => (
                    <li key={tk.id} className="flex flex-wrap items-center gap-2 px-4 py-2 text-sm">
                      <Link href={`/tickets/${tk.id}`} className="font-medium text-indigo-700 hover:underline">
                        {tk.number}
                      </Link>
                      <span className="min-w-0 flex-1 truncate text-slate-700">{tk.subject}</span>
                      <TicketPriorityBadge priority={tk.priority} />
                      <TicketStatusBadge status={tk.status} />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          )}
        </div>
        <div className="space-y-4">
          <Card>
            <dl className="grid grid-cols-2 divide-x divide-slate-100 text-center">
              <div className="p-3">
                <dt className="text-xs text-slate-500">{t("desk.counts.myOpen")}</dt>
                <dd className="text-2xl font-semibold tabular-nums text-slate-900">{openCount ?? "—"}</dd>
              </div>
              {canApprove && (
                <div className="p-3">
                  <dt className="text-xs text-slate-500">{t("desk.counts.approvals")}</dt>
                  <dd className="text-2xl font-semibold tabular-nums text-slate-900">
                    <Link href="/refunds" className="hover:underline">
                      {approvalCount}
                    </Link>
                  </dd>
                </div>
              )}
            </dl>
          </Card>
          <ScriptPicker />
        </div>
      </div>
    </>
  );
}
