"use client";

import { useQuery } from "@tanstack/react-query";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { DeliveryStatusBadge, NoticeStatusBadge } from "./notice-badges";

/** The order page's "Notices sent": what this order's user was told, when, and on which channel (targets masked). */
export function OrderNotices({ orderNo }: { orderNo: string }) {
  const { t, dateTime, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.userNotice.forOrder.queryOptions({ orderNo }));
  return (
    <Card title={t("userNotices.order.title")} className="mt-4">
      {q.isPending ? (
        <LoadingState rows={2} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title={t("userNotices.order.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100">
          {q.data.map((n) => (
            <li key={n.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm">
              <span className="font-medium text-slate-900">{t(`userNotices.situation.${n.situation}`)}</span>
              <span className="text-xs text-slate-500">{t(`userNotices.kind.${n.kind}`)}</span>
              <NoticeStatusBadge status={n.status} />
              {n.skipReason && <span className="text-xs text-slate-500">{t(`userNotices.skipReason.${n.skipReason}`)}</span>}
              <span className="text-xs tabular-nums text-slate-500">
                {n.sentAt ? dateTime(n.sentAt) : t("userNotices.order.due", { at: dateTime(n.dueAt) })} ({zoneLabel})
              </span>
              {n.deliveries.map((d) => (
                <span key={d.channel} className="flex items-center gap-1 text-xs text-slate-600">
                  {t(`userNotices.channel.${d.channel}`)} <span className="font-mono">{d.target}</span> <DeliveryStatusBadge status={d.status} />
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
