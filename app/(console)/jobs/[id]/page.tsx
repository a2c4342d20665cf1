import { notFound } from "next/navigation";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { JobDetailView } from "./job-detail-view";

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("job.read");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.job.get.queryOptions({ id: Number(id) }))}>
      <JobDetailView id={Number(id)} canReplay={can(user, "job.replay")} />
    </Prefetched>
  );
}
