import { can } from "@/server/auth/permissions";
import { requirePage } from "@/server/auth/require-user";
import { JobsView } from "./_components/jobs-view";

export default async function JobsPage({ searchParams }: { searchParams: Promise<{ status?: string; type?: string }> }) {
  const user = await requirePage("/jobs");
  const { status, type } = await searchParams;
  return <JobsView canReplay={can(user.role, "job.replayMany")} initialStatus={status} initialType={type} />;
}
