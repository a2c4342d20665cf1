import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { jobTab, jobsInput } from "./_components/jobs-input";
import { JobsView } from "./_components/jobs-view";

export default async function JobsPage({ searchParams }: { searchParams: Promise<{ status?: string; type?: string }> }) {
  const user = await requirePermission("job.read");
  const { status, type } = await searchParams;
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.job.list.queryOptions(jobsInput({ status: jobTab(status), type })))}>
      <JobsView canReplay={can(user, "job.replay")} initialStatus={status} initialType={type} />
    </Prefetched>
  );
}
