import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { ScriptsView } from "./_components/scripts-view";

export default async function ScriptsPage() {
  const user = await requirePermission("script.read");
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.script.list.queryOptions({ status: "all" }))}>
      <ScriptsView canEdit={can(user, "script.edit")} canPublish={can(user, "script.publish")} />
    </Prefetched>
  );
}
