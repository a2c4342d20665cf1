import { notFound } from "next/navigation";
import { ReportView } from "@/components/reports/report-view";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";

export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("review.read");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.report.get.queryOptions({ id: Number(id) }))}>
      <ReportView id={Number(id)} canManage={can(user, "report.manage")} />
    </Prefetched>
  );
}
