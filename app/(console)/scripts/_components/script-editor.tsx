"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useRef, useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import type { Locale } from "@/lib/i18n/locale";
import { SCRIPT_CATEGORIES, SCRIPT_SITUATIONS, SCRIPT_VARIABLES, type Localized, type ScriptCategory, type ScriptSituation } from "@/lib/scripts";

export interface ScriptDraft {
  scriptId?: number;
  key?: string;
  category: ScriptCategory;
  situations: ScriptSituation[];
  title: Localized;
  text: Localized;
}

const EMPTY: ScriptDraft = { category: "general", situations: [], title: { "zh-CN": "", en: "" }, text: { "zh-CN": "", en: "" } };
const field = "mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";

/**
 * Both languages side by side, variable chips that insert at the cursor of the text last focused, and a live
 * preview filled from a chosen order by the server (exactly what agents will get). Saving makes a new draft version.
 */
export function ScriptEditor({ initial, onSaved, onCancel }: { initial?: ScriptDraft; onSaved: (r: { scriptId: number; versionId: number; number: number }) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [d, setD] = useState<ScriptDraft>(initial ?? EMPTY);
  const [previewOrder, setPreviewOrder] = useState("");
  const lastFocused = useRef<Locale>("zh-CN");
  const areas = { "zh-CN": useRef<HTMLTextAreaElement>(null), en: useRef<HTMLTextAreaElement>(null) };
  const isNew = d.scriptId === undefined;

  const deferredText = useDeferredValue(d.text);
  const deferredOrder = useDeferredValue(previewOrder.trim());
  const preview = useQuery({
    ...trpc.script.preview.queryOptions({ text: deferredText, orderNo: deferredOrder || undefined }),
    enabled: deferredOrder.length > 0,
  });

  const save = useMutation(
    trpc.script.draft.mutationOptions({
      onSuccess: async (r) => {
        toast({ tone: "success", text: t("scripts.editor.saved", { n: r.number }) });
        await queryClient.invalidateQueries(trpc.script.pathFilter());
        onSaved(r);
      },
      onError: (e) => toast({ tone: "error", text: e.message }),
    }),
  );

  function insertVariable(name: string) {
    const locale = lastFocused.current;
    const el = areas[locale].current;
    const token = `{${name}}`;
    const text = d.text[locale];
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setD({ ...d, text: { ...d.text, [locale]: text.slice(0, start) + token + text.slice(end) } });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  const setTitle = (l: Locale, v: string) => setD({ ...d, title: { ...d.title, [l]: v } });
  const setText = (l: Locale, v: string) => setD({ ...d, text: { ...d.text, [l]: v } });

  return (
    <Card title={isNew ? t("scripts.editor.newTitle") : t("scripts.editor.editTitle")} className="mb-4">
      <form
        className="space-y-3 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ scriptId: d.scriptId, key: isNew ? d.key : undefined, category: d.category, situations: d.situations, title: d.title, text: d.text });
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          {isNew && (
            <label className="block text-sm">
              {t("scripts.editor.key")}
              <input required value={d.key ?? ""} onChange={(e) => setD({ ...d, key: e.target.value })} className={field} />
            </label>
          )}
          <label className="block text-sm">
            {t("scripts.editor.category")}
            <select value={d.category} onChange={(e) => setD({ ...d, category: e.target.value as ScriptCategory })} className={field}>
              {SCRIPT_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`scripts.category.${c}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset>
          <legend className="text-sm">{t("scripts.editor.situations")}</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {SCRIPT_SITUATIONS.map((s) => (
              <label key={s} className="flex items-center gap-1 text-sm">
                <input
                  type="checkbox"
                  checked={d.situations.includes(s)}
                  onChange={(e) => setD({ ...d, situations: e.target.checked ? [...d.situations, s] : d.situations.filter((x) => x !== s) })}
                />
                {t(`scripts.situation.${s}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label={t("scripts.editor.variables")}>
          <span className="text-xs text-slate-500">{t("scripts.editor.variables")}:</span>
          {SCRIPT_VARIABLES.map((v) => (
            <button
              key={v}
              type="button"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => insertVariable(v)}
              className="rounded-full bg-indigo-50 px-2 py-0.5 font-mono text-xs text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-100"
              title={t(`scripts.variable.${v}`)}
            >
              {`{${v}}`}
            </button>
          ))}
        </div>
        <div className="grid gap-3 lg:grid-cols-2">
          {(["zh-CN", "en"] as const).map((l) => (
            <div key={l} className="space-y-2">
              <label className="block text-sm">
                {l === "zh-CN" ? t("scripts.editor.titleZh") : t("scripts.editor.titleEn")}
                <input required value={d.title[l]} onChange={(e) => setTitle(l, e.target.value)} className={field} />
              </label>
              <label className="block text-sm">
                {l === "zh-CN" ? t("scripts.editor.textZh") : t("scripts.editor.textEn")}
                <textarea
                  ref={areas[l]}
                  required
                  rows={7}
                  value={d.text[l]}
                  onFocus={() => (lastFocused.current = l)}
                  onChange={(e) => setText(l, e.target.value)}
                  className={field}
                />
              </label>
            </div>
          ))}
        </div>
        <div className="rounded-md bg-slate-50 p-3">
          <label className="block text-sm">
            {t("scripts.editor.previewOrder")}
            <input value={previewOrder} onChange={(e) => setPreviewOrder(e.target.value)} placeholder={t("scripts.editor.previewOrderPlaceholder")} className={`${field} max-w-xs`} />
          </label>
          {preview.data && (
            <div className="mt-2 grid gap-3 lg:grid-cols-2" aria-label={t("scripts.editor.preview")}>
              {!preview.data.found && <p className="text-xs text-amber-700 lg:col-span-2">{t("scripts.editor.previewMissing")}</p>}
              <p className="text-sm whitespace-pre-wrap text-slate-800">{preview.data.text["zh-CN"]}</p>
              <p className="text-sm whitespace-pre-wrap text-slate-800">{preview.data.text.en}</p>
            </div>
          )}
        </div>
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={save.isPending}>
            {t("scripts.editor.save")}
          </Button>
          <Button onClick={onCancel}>{t("scripts.editor.cancel")}</Button>
        </div>
      </form>
    </Card>
  );
}
