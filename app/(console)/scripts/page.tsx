import { SCRIPT_CATEGORIES, type ScriptCategory } from "@/lib/scripts";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { ScriptsView } from "./_components/scripts-view";

export default async function ScriptsPage({ searchParams }: { searchParams: Promise<{ new?: string; category?: string; titleZh?: string; titleEn?: string }> }) {
  const user = await requirePermission("script.read");
  // A report suggestion opens a new script pre-filled (/scripts?new=1&category=…&titleZh=…&titleEn=…).
  const q = await searchParams;
  const category = (SCRIPT_CATEGORIES as readonly string[]).includes(q.category ?? "") ? (q.category as ScriptCategory) : "general";
  const prefill = q.new === "1" && can(user, "script.edit") ? { category, title: { "zh-CN": (q.titleZh ?? "").slice(0, 200), en: (q.titleEn ?? "").slice(0, 200) } } : undefined;
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.script.list.queryOptions({ status: "all" }))}>
      <ScriptsView canEdit={can(user, "script.edit")} canPublish={can(user, "script.publish")} prefill={prefill} />
    </Prefetched>
  );
}
