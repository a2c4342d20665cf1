"use client";

import { useQuery } from "@tanstack/react-query";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";

/** The personal notices sent to this user (issue 9), newest first. */
export function CustomerNotices({ userId }: { userId: string }) {
  const { t, dateTime } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.customer.notices.queryOptions({ userId }));
  return (
    <Card title={t("customers.notices.title")}>
      {q.isPending ? (
        <LoadingState rows={2} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title={t("customers.notices.empty")} />
      ) : (
        <ul aria-label={t("customers.notices.title")} className="divide-y divide-slate-100 text-xs">
          {q.data.map((n) => (
            <li key={n.id} className="px-4 py-2">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-800">{t(`userNotices.situation.${n.situation as "paid_not_updated"}`)}</span>
                <span className="text-slate-500">{t(`userNotices.kind.${n.kind as "initial"}`)}</span>
                <span className="ml-auto text-slate-600">{t(`userNotices.noticeStatus.${n.status as "sent"}`)}</span>
              </div>
              <div className="mt-0.5 flex gap-3 text-slate-500">
                <span className="font-mono">{n.orderNo}</span>
                <span className="tabular-nums">{dateTime(n.sentAt ?? n.createdAt)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
