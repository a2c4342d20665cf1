import { notFound } from "next/navigation";
import { KB_SLUG_PATTERN } from "@/lib/kb";
import { Prefetched } from "@/server/api/prefetch";
import { can } from "@/server/auth/permissions";
import { requirePermission } from "@/server/auth/require-user";
import { ArticleView } from "../_components/article-view";

export default async function KbArticlePage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requirePermission("kb.read");
  const { slug } = await params;
  if (!KB_SLUG_PATTERN.test(slug)) notFound();
  return (
    <Prefetched user={user} run={(trpc, client) => client.prefetchQuery(trpc.kb.get.queryOptions({ slug }))}>
      <ArticleView slug={slug} canEdit={can(user, "kb.edit")} />
    </Prefetched>
  );
}
