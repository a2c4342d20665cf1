"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Markdown } from "@/components/kb/markdown";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { KB_CATEGORIES, KB_STATUSES, KB_VISIBILITIES, type KbCategory, type KbStatus, type KbVisibility } from "@/lib/kb";
import type { Localized } from "@/lib/scripts";

export interface ArticleDraft {
  id?: number;
  slug: string;
  category: KbCategory;
  tags: string[];
  visibility: KbVisibility;
  status: KbStatus;
  title: Localized;
  body: Localized;
  revision?: number;
}

const EMPTY: ArticleDraft = { slug: "", category: "general", tags: [], visibility: "internal", status: "draft", title: { "zh-CN": "", en: "" }, body: { "zh-CN": "", en: "" } };
const field = "mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";

/** Both languages side by side with a rendered preview; a save over someone else's newer revision is refused. */
export function ArticleEditor({ initial, onSaved, onCancel }: { initial?: ArticleDraft; onSaved: (slug: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [d, setD] = useState<ArticleDraft>(initial ?? EMPTY);
  const [tags, setTags] = useState((initial?.tags ?? []).join(", "));
  const save = useMutation(
    trpc.kb.save.mutationOptions({
      onSuccess: async (r) => {
        toast({ tone: "success", text: t("kb.editor.saved", { n: r.revision }) });
        await queryClient.invalidateQueries(trpc.kb.pathFilter());
        onSaved(d.slug);
      },
      onError: (e) => toast({ tone: "error", text: e.message }),
    }),
  );
  return (
    <Card title={d.id ? t("kb.editor.editTitle") : t("kb.editor.newTitle")} className="mb-4">
      <form
        className="space-y-3 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          const tagList = tags.split(/[,，]/).map((x) => x.trim()).filter(Boolean);
          save.mutate({ id: d.id, slug: d.slug, category: d.category, tags: tagList, visibility: d.visibility, status: d.status, title: d.title, body: d.body, baseRevision: d.revision });
        }}
      >
        <div className="grid gap-3 sm:grid-cols-5">
          <label className="block text-sm sm:col-span-2">
            {t("kb.editor.slug")}
            <input required value={d.slug} onChange={(e) => setD({ ...d, slug: e.target.value })} className={field} />
          </label>
          <label className="block text-sm">
            {t("kb.editor.category")}
            <select value={d.category} onChange={(e) => setD({ ...d, category: e.target.value as KbCategory })} className={field}>
              {KB_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`kb.category.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm">
            {t("kb.editor.visibility")}
            <select value={d.visibility} onChange={(e) => setD({ ...d, visibility: e.target.value as KbVisibility })} className={field}>
              {KB_VISIBILITIES.map((v) => (
                <option key={v} value={v}>
                  {t(`kb.visibility.${v}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm">
            {t("kb.editor.status")}
            <select value={d.status} onChange={(e) => setD({ ...d, status: e.target.value as KbStatus })} className={field}>
              {KB_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`kb.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="block text-sm">
          {t("kb.editor.tags")}
          <input value={tags} onChange={(e) => setTags(e.target.value)} className={field} />
        </label>
        <div className="grid gap-3 lg:grid-cols-2">
          {(["zh-CN", "en"] as const).map((l) => (
            <div key={l} className="space-y-2">
              <label className="block text-sm">
                {l === "zh-CN" ? t("kb.editor.titleZh") : t("kb.editor.titleEn")}
                <input required value={d.title[l]} onChange={(e) => setD({ ...d, title: { ...d.title, [l]: e.target.value } })} className={field} />
              </label>
              <label className="block text-sm">
                {l === "zh-CN" ? t("kb.editor.bodyZh") : t("kb.editor.bodyEn")}
                <textarea required rows={12} value={d.body[l]} onChange={(e) => setD({ ...d, body: { ...d.body, [l]: e.target.value } })} className={`${field} font-mono`} />
              </label>
              <div className="rounded-md bg-slate-50 px-3 py-1" lang={l}>
                <Markdown>{d.body[l]}</Markdown>
              </div>
            </div>
          ))}
        </div>
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={save.isPending}>
            {t("kb.editor.save")}
          </Button>
          <Button onClick={onCancel}>{t("kb.editor.cancel")}</Button>
        </div>
      </form>
    </Card>
  );
}
