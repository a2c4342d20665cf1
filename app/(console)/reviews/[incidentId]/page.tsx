import { notFound } from "next/navigation";
import { ReviewDetailView } from "@/components/reviews/review-detail-view";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";

export default async function ReviewPage({ params }: { params: Promise<{ incidentId: string }> }) {
  const user = await requirePermission("review.read");
  const { incidentId } = await params;
  if (!/^\d{1,15}$/.test(incidentId)) notFound();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.review.get.queryOptions({ incidentId: Number(incidentId) }))}>
      <ReviewDetailView incidentId={Number(incidentId)} canWrite={can(user, "review.write")} />
    </Prefetched>
  );
}
