import { notFound } from "next/navigation";
import { Prefetched } from "@/server/api/prefetch";
import { requirePermission } from "@/server/auth/require-user";
import { ScriptDetailView } from "../_components/script-detail-view";

export default async function ScriptPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("script.read");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.script.get.queryOptions({ id: Number(id) }))}>
      <ScriptDetailView id={Number(id)} />
    </Prefetched>
  );
}
