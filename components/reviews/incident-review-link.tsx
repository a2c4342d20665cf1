"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";

/** On the incident page: once resolved, the incident has a review (drafted on resolve) — link to it. */
export function IncidentReviewLink({ incidentId }: { incidentId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  // The incident page's own query (prefetched): no extra request.
  const q = useQuery(trpc.incident.get.queryOptions({ id: incidentId }));
  if (q.data?.incident.status !== "resolved") return null;
  return (
    <div className="mt-4 flex justify-end">
      <Link href={`/reviews/${incidentId}`} className="rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset hover:bg-indigo-50">
        {t("reviews.incidentLink")}
      </Link>
    </div>
  );
}
