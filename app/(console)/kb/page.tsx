import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { KbView } from "./_components/kb-view";

export default async function KbPage() {
  const user = await requirePermission("kb.read");
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.kb.list.queryOptions({}))}>
      <KbView canEdit={can(user, "kb.edit")} />
    </Prefetched>
  );
}
