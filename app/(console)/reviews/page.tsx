import { OVERDUE_INPUT, reviewsInput, reviewTab } from "@/components/reviews/reviews-input";
import { ReviewsView } from "@/components/reviews/reviews-view";
import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const user = await requirePermission("review.read");
  const { status } = await searchParams;
  return (
    <Prefetched
      user={user}
      run={(trpc, client) =>
        Promise.all([client.prefetchQuery(trpc.review.list.queryOptions(reviewsInput({ status: reviewTab(status) }))), client.prefetchQuery(trpc.review.listActionItems.queryOptions(OVERDUE_INPUT))])
      }
    >
      <ReviewsView initialStatus={status} />
    </Prefetched>
  );
}
