"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { SeverityBadge } from "@/components/alerts/alert-badges";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useIncidentTitle } from "@/components/incidents/incident-title";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { ErrorState, errorKindOf, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import type { AlertSeverity } from "@/lib/alerts";
import { ActionItemsCard } from "./action-items-card";
import { IncidentThreadCard } from "./incident-thread";
import { ReviewFacts } from "./review-facts";
import { ReviewFindings } from "./review-findings";
import { ReviewStatusBadge } from "./review-status-badge";

/** /reviews/[incidentId]: the drafted facts, the owner's findings, the action items and the incident thread. Printable. */
export function ReviewDetailView({ incidentId, canWrite }: { incidentId: number; canWrite: boolean }) {
  const { t, dateTime, zoneLabel } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const title = useIncidentTitle();
  const q = useQuery(trpc.review.get.queryOptions({ incidentId }));
  const refresh = useMutation(
    trpc.review.refreshDraft.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("reviews.detail.refreshed") });
        await queryClient.invalidateQueries(trpc.review.pathFilter());
      },
      onError: (e) => toast({ tone: "error", text: t("reviews.detail.failed", { message: e.message }) }),
    }),
  );
  const back = (
    <Link href="/reviews" className="text-xs text-slate-500 hover:text-slate-800 print:hidden">
      ← {t("reviews.detail.back")}
    </Link>
  );
  if (q.isPending) return <>{back}<LoadingState /></>;
  if (q.isError) {
    // An incident resolved before reviews existed has none yet: the on-call roles draft it here.
    const missing = errorKindOf(q.error) === "notFound" && canWrite;
    return (
      <>
        {back}
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        {missing && (
          <Button variant="primary" className="mx-4" disabled={refresh.isPending} onClick={() => refresh.mutate({ incidentId })}>
            {t("reviews.detail.draftNow")}
          </Button>
        )}
      </>
    );
  }
  const { review, thread, actionItems, owners } = q.data;
  const incident = thread.incident;
  const draft = review.status === "draft";
  return (
    <article className="print:text-black">
      {back}
      <div className="mt-1 mb-4 flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-lg font-semibold tracking-tight">
              {t("reviews.detail.title", { id: incident.id })} <span className="font-normal text-slate-600">· {title(incident.title)}</span>
            </h1>
            <SeverityBadge severity={incident.severity as AlertSeverity} />
            <ReviewStatusBadge status={review.status} />
          </div>
          <p className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-600">
            <span>
              {dateTime(incident.onsetAt)} → {dateTime(incident.resolvedAt)} ({zoneLabel})
            </span>
            {incident.commander && <span>{incident.commander}</span>}
          </p>
        </div>
        <div className="flex items-center gap-2 print:hidden">
          <Link href={`/incidents/${incident.id}`} className="text-sm text-indigo-700 hover:underline">
            {t("reviews.detail.incidentLink")}
          </Link>
          {canWrite && draft && (
            <Button disabled={refresh.isPending} onClick={() => refresh.mutate({ incidentId })}>
              {t("reviews.detail.refresh")}
            </Button>
          )}
          <Button onClick={() => window.print()}>{t("reviews.detail.print")}</Button>
        </div>
      </div>
      <ReviewFacts facts={review.draft} />
      <ReviewFindings key={`${review.status}-${String(review.updatedAt)}`} review={review} canWrite={canWrite} />
      <ActionItemsCard incidentId={incident.id} items={actionItems} owners={owners} canWrite={canWrite} />
      <IncidentThreadCard thread={thread} />
    </article>
  );
}
