import { KB_CATEGORIES, type KbCategory } from "@/lib/kb";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { KbView } from "./_components/kb-view";

export default async function KbPage({ searchParams }: { searchParams: Promise<{ new?: string; category?: string; titleZh?: string; titleEn?: string }> }) {
  const user = await requirePermission("kb.read");
  // A report suggestion opens a new article pre-filled (/kb?new=1&category=…&titleZh=…&titleEn=…).
  const q = await searchParams;
  const category = (KB_CATEGORIES as readonly string[]).includes(q.category ?? "") ? (q.category as KbCategory) : "general";
  const prefill = q.new === "1" && can(user, "kb.edit") ? { category, title: { "zh-CN": (q.titleZh ?? "").slice(0, 200), en: (q.titleEn ?? "").slice(0, 200) } } : undefined;
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.kb.list.queryOptions({}))}>
      <KbView canEdit={can(user, "kb.edit")} prefill={prefill} />
    </Prefetched>
  );
}
