"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useDeferredValue, useMemo, useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { helpfulRatio, KB_CATEGORIES, type KbCategory } from "@/lib/kb";
import { ArticleEditor } from "./article-editor";
import { KbStatusBadge, VisibilityBadge } from "./kb-badges";

const control = "rounded-md border-0 py-1.5 pl-2 text-sm ring-1 ring-slate-300 ring-inset";

export function KbView({ canEdit, prefill }: { canEdit: boolean; prefill?: { category: KbCategory; title: { "zh-CN": string; en: string } } }) {
  const { t, locale, dateTime, format } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [category, setCategory] = useState<KbCategory | "">("");
  const [tag, setTag] = useState("");
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(Boolean(prefill));
  const query = useDeferredValue(q.trim());
  const all = useQuery(trpc.kb.list.queryOptions({}));
  const listInput = { ...(category ? { category } : {}), ...(tag ? { tag } : {}) };
  const list = useQuery({ ...trpc.kb.list.queryOptions(listInput), placeholderData: keepPreviousData });
  const search = useQuery({ ...trpc.kb.search.queryOptions({ q: query, locale }), enabled: query.length > 0, placeholderData: keepPreviousData });
  const tags = useMemo(() => [...new Set((all.data ?? []).flatMap((a) => a.tags))].sort(), [all.data]);

  return (
    <div>
      <PageHeader
        title={t("kb.title")}
        subtitle={t("kb.subtitle")}
        actions={
          canEdit && !creating ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              {t("kb.list.new")}
            </Button>
          ) : undefined
        }
      />
      {creating && (
        <ArticleEditor
          initial={prefill && { slug: "", category: prefill.category, tags: [], visibility: "internal", status: "draft", title: prefill.title, body: { "zh-CN": "", en: "" } }}
          onCancel={() => setCreating(false)}
          onSaved={(slug) => router.push(`/kb/${slug}`)}
        />
      )}
      <div className="mb-3 flex flex-wrap gap-2">
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t("kb.list.search")}
          aria-label={t("kb.list.search")}
          className={`${control} w-80 pr-2`}
        />
        <select aria-label={t("kb.list.col.category")} value={category} onChange={(e) => setCategory(e.target.value as KbCategory | "")} className={`${control} pr-8`}>
          <option value="">{t("kb.category.all")}</option>
          {KB_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`kb.category.${c}`)}
            </option>
          ))}
        </select>
        <select aria-label={t("kb.list.tags")} value={tag} onChange={(e) => setTag(e.target.value)} className={`${control} pr-8`}>
          <option value="">{t("kb.list.allTags")}</option>
          {tags.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </div>
      {query ? (
        <Card title={t("kb.list.searchResults")}>
          {search.isPending ? (
            <LoadingState rows={3} />
          ) : search.isError ? (
            <ErrorState error={search.error} onRetry={() => void search.refetch()} />
          ) : search.data.length === 0 ? (
            <EmptyState title={t("kb.list.noHits", { q: query })} />
          ) : (
            <ul className="divide-y divide-slate-100" aria-label={t("kb.list.searchResults")}>
              {search.data.map((h) => (
                <li key={h.id} className="px-4 py-3">
                  <div className="flex items-center gap-2">
                    <Link href={`/kb/${h.slug}`} className="text-sm font-medium text-indigo-700 hover:underline">
                      {h.title[locale]}
                    </Link>
                    <VisibilityBadge visibility={h.visibility} />
                    <span className="text-xs text-slate-500">{t(`kb.category.${h.category}`)}</span>
                  </div>
                  <p className="mt-1 text-xs text-slate-600">{h.snippet}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : (
        <Card>
          {list.isPending ? (
            <LoadingState />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.length === 0 ? (
            <EmptyState title={t("kb.list.empty")} />
          ) : (
            <Table label={t("kb.title")}>
              <thead>
                <tr>
                  <Th>{t("kb.list.col.title")}</Th>
                  <Th>{t("kb.list.col.category")}</Th>
                  <Th>{t("kb.list.col.visibility")}</Th>
                  <Th>{t("kb.list.col.helpful")}</Th>
                  <Th>{t("kb.list.col.updated")}</Th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((a) => {
                  const ratio = helpfulRatio(a.helpfulYes, a.helpfulNo);
                  return (
                    <tr key={a.id}>
                      <Td>
                        <Link href={`/kb/${a.slug}`} className="font-medium text-indigo-700 hover:underline">
                          {a.title[locale]}
                        </Link>{" "}
                        <KbStatusBadge status={a.status} />
                        {a.tags.length > 0 && <span className="ml-2 text-xs text-slate-500">{a.tags.map((x) => `#${x}`).join(" ")}</span>}
                      </Td>
                      <Td>{t(`kb.category.${a.category}`)}</Td>
                      <Td>
                        <VisibilityBadge visibility={a.visibility} />
                      </Td>
                      <Td className="tabular-nums" title={t("kb.feedback.ratio", { yes: a.helpfulYes, no: a.helpfulNo })}>
                        {ratio === null ? <span className="text-slate-500">{t("kb.list.noFeedback")}</span> : `${format.number(ratio, { style: "percent" })} (${a.helpfulYes + a.helpfulNo})`}
                      </Td>
                      <Td className="tabular-nums">{dateTime(a.updatedAt)}</Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </Card>
      )}
    </div>
  );
}
