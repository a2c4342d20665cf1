"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { OVERDUE_INPUT } from "./reviews-input";

/** The action items past their due day, across all reviews: what a manager chases first. */
export function OverdueItems() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const q = useQuery(trpc.review.listActionItems.queryOptions(OVERDUE_INPUT));
  return (
    <Card title={t("reviews.list.overdueTitle")} className="mb-4">
      {q.isPending ? (
        <LoadingState rows={2} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">{t("reviews.list.noOverdue")}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {q.data.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
              <span className="min-w-0">
                <Link href={`/reviews/${i.incidentId}`} className="font-medium text-indigo-700 hover:underline">
                  {i.title}
                </Link>
                <span className="ml-2 text-xs text-slate-500">#{i.incidentId}</span>
              </span>
              <span className="flex items-center gap-3 text-xs">
                <span className="text-slate-700">{i.ownerName ?? t("reviews.items.noOwner")}</span>
                <span className="font-medium text-rose-700 tabular-nums">
                  {t("reviews.items.dueOn")} {i.dueOn}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
