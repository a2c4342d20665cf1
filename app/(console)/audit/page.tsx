import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { auditInput } from "./audit-input";
import { AuditView } from "./audit-view";

export default async function AuditPage() {
  const user = await requirePermission("audit.read");
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.audit.list.queryOptions(auditInput({})))}>
      <AuditView />
    </Prefetched>
  );
}
