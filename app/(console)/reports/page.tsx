import { REPORTS_INPUT } from "@/components/reports/reports-input";
import { ReportsView } from "@/components/reports/reports-view";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";

export default async function ReportsPage() {
  const user = await requirePermission("review.read");
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.report.list.queryOptions({ ...REPORTS_INPUT, cursor: undefined }))}>
      <ReportsView canManage={can(user, "report.manage")} />
    </Prefetched>
  );
}
