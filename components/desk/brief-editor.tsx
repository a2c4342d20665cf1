"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { BRIEF_FIELDS, BRIEF_TEXT_MAX, defaultBrief, type BriefContent, type BriefField } from "@/lib/briefs";

const LANGS = ["zh-CN", "en"] as const;

/** The supervisor's form: the four texts in both languages, the scripts to use, pinned. Saves a new version. */
export function BriefEditor({
  incidentId,
  provider,
  initial,
  baseVersion,
  pinned: initialPinned,
  onDone,
}: {
  incidentId: number;
  provider: string;
  initial: BriefContent | null;
  baseVersion: number | null;
  pinned: boolean;
  onDone: () => void;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formId = useId();
  const [content, setContent] = useState<BriefContent>(initial ?? defaultBrief(provider));
  const [pinned, setPinned] = useState(initialPinned);
  const scripts = useQuery(trpc.script.list.queryOptions({ status: "published" }));
  const save = useMutation(
    trpc.brief.save.mutationOptions({
      onSuccess: async (r) => {
        toast({ tone: "success", text: t("desk.editor.saved", { version: r.version }) });
        await queryClient.invalidateQueries({ queryKey: trpc.brief.pathKey() });
        onDone();
      },
      onError: (e) => toast({ tone: "error", text: e.data?.code === "CONFLICT" ? t("desk.editor.conflict") : e.message }),
    }),
  );
  const set = (f: BriefField, lang: (typeof LANGS)[number], value: string) => setContent((c) => ({ ...c, [f]: { ...c[f], [lang]: value } }));
  const toggleScript = (id: number) =>
    setContent((c) => ({ ...c, scriptIds: c.scriptIds.includes(id) ? c.scriptIds.filter((x) => x !== id) : [...c.scriptIds, id] }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!content.happening["zh-CN"].trim() || !content.happening.en.trim()) {
      toast({ tone: "error", text: t("desk.editor.required") });
      return;
    }
    save.mutate({ incidentId, brief: content, pinned, baseVersion });
  };
  const lang = locale === "en" ? "en" : "zh-CN";

  return (
    <form onSubmit={submit} className="space-y-4 p-4" aria-label={baseVersion ? t("desk.editor.edit") : t("desk.editor.create")}>
      {BRIEF_FIELDS.map((f) => (
        <fieldset key={f}>
          <legend className="mb-1 text-xs font-semibold text-slate-700">{t(`desk.brief.${f}`)}</legend>
          <div className="grid gap-2 md:grid-cols-2">
            {LANGS.map((l) => (
              <label key={l} className="block">
                <span className="text-[11px] text-slate-500">{l === "zh-CN" ? t("desk.editor.zh") : t("desk.editor.en")}</span>
                <textarea
                  id={`${formId}-${f}-${l}`}
                  aria-label={`${t(`desk.brief.${f}`)} (${l === "zh-CN" ? t("desk.editor.zh") : t("desk.editor.en")})`}
                  rows={4}
                  maxLength={BRIEF_TEXT_MAX}
                  value={content[f][l]}
                  onChange={(e) => set(f, l, e.target.value)}
                  className="mt-0.5 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
                />
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <fieldset>
        <legend className="text-xs font-semibold text-slate-700">{t("desk.editor.scriptIds")}</legend>
        <p className="mb-1 text-[11px] text-slate-500">{t("desk.editor.scriptIdsHint")}</p>
        {scripts.data && scripts.data.length === 0 && <p className="text-xs text-slate-500">{t("desk.editor.noScripts")}</p>}
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {scripts.data?.map((s) => (
            <label key={s.id} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" checked={content.scriptIds.includes(s.id)} onChange={() => toggleScript(s.id)} />
              {s.title[lang]}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} />
        {t("desk.editor.pinned")}
      </label>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>{t("desk.editor.cancel")}</Button>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? t("desk.editor.saving") : t("desk.editor.save")}
        </Button>
      </div>
    </form>
  );
}
