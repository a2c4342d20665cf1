"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Markdown } from "@/components/kb/markdown";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import type { Locale } from "@/lib/i18n/locale";
import { diffLines } from "@/lib/scripts";
import { ArticleEditor } from "./article-editor";
import { KbStatusBadge, VisibilityBadge } from "./kb-badges";

export function ArticleView({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const { t, locale, dateTime } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.kb.get.queryOptions({ slug }));
  const [lang, setLang] = useState<Locale>(locale);
  const [editing, setEditing] = useState(false);
  const [answered, setAnswered] = useState(false);
  const feedback = useMutation(
    trpc.kb.feedback.mutationOptions({
      onSuccess: async () => {
        setAnswered(true);
        await queryClient.invalidateQueries(trpc.kb.pathFilter());
      },
      onError: (e) => toast({ tone: "error", text: e.message }),
    }),
  );
  const back = (
    <Link href="/kb" className="text-xs text-slate-500 hover:text-slate-800">
      ← {t("kb.article.back")}
    </Link>
  );
  if (q.isPending) return <LoadingState />;
  if (q.isError)
    return (
      <div>
        {back}
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  const { article: a, revisions, comments } = q.data;
  return (
    <div>
      {back}
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {a.title[lang]} <VisibilityBadge visibility={a.visibility} /> <KbStatusBadge status={a.status} />
          </span>
        }
        subtitle={`${t(`kb.category.${a.category}`)} · ${a.tags.map((x) => `#${x}`).join(" ")} · ${t("kb.article.updated", { who: a.updatedBy, at: dateTime(a.updatedAt) })}`}
        actions={
          <div className="flex gap-2">
            {(["zh-CN", "en"] as const).map((l) => (
              <Button key={l} size="sm" variant={lang === l ? "primary" : "ghost"} aria-pressed={lang === l} onClick={() => setLang(l)}>
                {l === "zh-CN" ? "中文" : "EN"}
              </Button>
            ))}
            {a.visibility === "public" && a.status === "published" && (
              <Link href={`/help/articles/${a.slug}`} className="self-center text-xs text-indigo-700 hover:underline">
                {t("kb.article.publicLink")}
              </Link>
            )}
            {canEdit && !editing && (
              <Button variant="primary" onClick={() => setEditing(true)}>
                {t("kb.article.edit")}
              </Button>
            )}
          </div>
        }
      />
      {editing && <ArticleEditor initial={{ ...a, revision: a.revision }} onCancel={() => setEditing(false)} onSaved={() => setEditing(false)} />}
      <Card className="mb-4">
        <div className="px-4 py-2" lang={lang}>
          <Markdown>{a.body[lang]}</Markdown>
        </div>
        <div className="flex flex-wrap items-center gap-2 border-t border-slate-100 px-4 py-3 text-sm">
          {answered ? (
            <span className="text-emerald-700">{t("kb.feedback.thanks")}</span>
          ) : (
            <>
              <span>{t("kb.feedback.question")}</span>
              <Button size="sm" disabled={feedback.isPending} onClick={() => feedback.mutate({ articleId: a.id, helpful: true })}>
                {t("kb.feedback.yes")}
              </Button>
              <Button size="sm" disabled={feedback.isPending} onClick={() => feedback.mutate({ articleId: a.id, helpful: false })}>
                {t("kb.feedback.no")}
              </Button>
            </>
          )}
          <span className="ml-auto text-xs text-slate-500">{t("kb.feedback.ratio", { yes: a.helpfulYes, no: a.helpfulNo })}</span>
        </div>
      </Card>
      {comments.length > 0 && (
        <Card title={t("kb.article.comments")} className="mb-4">
          <ul className="divide-y divide-slate-100">
            {comments.map((c, i) => (
              <li key={i} className="px-4 py-2 text-sm">
                <span className={c.helpful ? "text-emerald-700" : "text-rose-700"}>{c.helpful ? "👍" : "👎"}</span> {c.comment}{" "}
                <span className="text-xs text-slate-500">{dateTime(c.createdAt)}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title={t("kb.article.history")}>
        <ol className="divide-y divide-slate-100">
          {revisions.map((r, i) => {
            const prev = revisions[i + 1];
            return (
              <li key={r.revision} className="px-4 py-3">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium">{t("kb.article.revision", { n: r.revision })}</span>
                  <VisibilityBadge visibility={r.visibility} />
                  <KbStatusBadge status={r.status} />
                  <span className="text-xs text-slate-500">{t("kb.article.by", { who: r.authorLabel, at: dateTime(r.createdAt) })}</span>
                </div>
                {prev && (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-slate-500">{t("kb.article.compare")}</summary>
                    <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs whitespace-pre-wrap">
                      {diffLines(`${prev.title[lang]}\n${prev.body[lang]}`, `${r.title[lang]}\n${r.body[lang]}`)
                        .filter((l) => l.kind !== "same")
                        .map((l, j) => (
                          <div key={j} className={cx(l.kind === "added" ? "bg-emerald-50 text-emerald-800" : "bg-rose-50 text-rose-800 line-through")}>
                            {l.kind === "added" ? "+ " : "− "}
                            {l.text}
                          </div>
                        ))}
                    </pre>
                  </details>
                )}
              </li>
            );
          })}
        </ol>
      </Card>
    </div>
  );
}
