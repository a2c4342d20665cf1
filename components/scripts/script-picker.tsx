"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import type { Locale } from "@/lib/i18n/locale";
import { templateVariables } from "@/lib/scripts";

const REASON_TONE: Record<"situation" | "incident" | "popular", Tone> = { situation: "green", incident: "amber", popular: "gray" };

function isTypingTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/**
 * Published reply scripts for the order (or ticket) in context, the ones fitting its situation and the active
 * incident's brief first, variables filled on the server. "/" or Ctrl+K focuses the search, ↑/↓ pick, Enter
 * inserts (with onInsert) or copies; every copy or insert is counted (script.recordUse).
 */
export function ScriptPicker({ orderNo, ticketId, onInsert }: { orderNo?: string; ticketId?: number; onInsert?: (text: string) => void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const [lang, setLang] = useState<Locale>(locale);
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const suggest = useQuery(trpc.script.suggest.queryOptions({ orderNo: orderNo || undefined, ticketId }));
  const recordUse = useMutation(trpc.script.recordUse.mutationOptions());

  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const items = suggest.data ?? [];
    if (!needle) return items;
    return items.filter((s) => [s.title["zh-CN"], s.title.en, s.text["zh-CN"], s.text.en, s.key].some((x) => x.toLowerCase().includes(needle)));
  }, [suggest.data, q]);

  useEffect(() => {
    function onKey(e: globalThis.KeyboardEvent) {
      const ctrlK = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k";
      if (ctrlK || (e.key === "/" && !isTypingTarget(e.target))) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const current = Math.min(active, Math.max(0, shown.length - 1));

  async function apply(index: number, how: "copy" | "insert") {
    const s = shown[index];
    if (!s) return;
    const text = s.text[lang];
    if (how === "insert" && onInsert) {
      onInsert(text);
      toast({ tone: "success", text: t("scripts.picker.inserted") });
    } else {
      try {
        await navigator.clipboard.writeText(text);
        toast({ tone: "success", text: t("scripts.picker.copied") });
      } catch {
        toast({ tone: "error", text: t("scripts.picker.copyFailed") });
        return;
      }
    }
    recordUse.mutate({ versionId: s.versionId, orderNo: orderNo || undefined, ticketId });
  }

  function onSearchKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive(Math.min(current + 1, shown.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive(Math.max(current - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      void apply(current, onInsert ? "insert" : "copy");
    } else if (e.key === "Escape") {
      setQ("");
    }
  }

  const action = onInsert ? t("scripts.picker.insert") : t("scripts.picker.copy");
  return (
    <section aria-label={t("scripts.picker.title")} className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-900">{t("scripts.picker.title")}</h2>
        <div role="group" aria-label={t("scripts.picker.language")} className="flex gap-1">
          {(["zh-CN", "en"] as const).map((l) => (
            <Button key={l} size="sm" variant={lang === l ? "primary" : "ghost"} aria-pressed={lang === l} onClick={() => setLang(l)}>
              {l === "zh-CN" ? "中文" : "EN"}
            </Button>
          ))}
        </div>
      </div>
      <input
        ref={searchRef}
        type="search"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
        }}
        onKeyDown={onSearchKey}
        placeholder={t("scripts.picker.search")}
        aria-label={t("scripts.picker.search")}
        aria-controls={listId}
        className="block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
      />
      <p className="mt-1 text-xs text-slate-500">{t("scripts.picker.hint", { action })}</p>
      <div className="mt-2">
        {suggest.isPending ? (
          <LoadingState rows={3} />
        ) : suggest.isError ? (
          <ErrorState error={suggest.error} onRetry={() => void suggest.refetch()} />
        ) : shown.length === 0 ? (
          <EmptyState title={q ? t("scripts.picker.noMatch", { q }) : t("scripts.picker.empty")} />
        ) : (
          // A plain list, not a listbox: each script carries its own Copy/Insert buttons, and an option may not
          // hold controls. ↑/↓ in the search box move the highlight (aria-current), Enter applies it.
          <ul id={listId} aria-label={t("scripts.picker.title")} className="max-h-96 space-y-2 overflow-y-auto">
            {shown.map((s, i) => {
              const unfilled = templateVariables(s.text[lang]);
              return (
                <li
                  key={s.id}
                  id={`${listId}-${s.id}`}
                  aria-current={i === current ? "true" : undefined}
                  onMouseEnter={() => setActive(i)}
                  className={cx("rounded-md p-2 ring-1", i === current ? "bg-indigo-50 ring-indigo-300" : "ring-slate-200")}
                >
                  <div className="flex items-center justify-between gap-2">
                    <span className="text-sm font-medium text-slate-900">{s.title[lang]}</span>
                    <Badge tone={REASON_TONE[s.reason]}>{t(`scripts.reason.${s.reason}`)}</Badge>
                  </div>
                  <p className="mt-1 text-sm whitespace-pre-wrap text-slate-700">{s.text[lang]}</p>
                  {unfilled.length > 0 && <p className="mt-1 text-xs text-amber-800">{t("scripts.picker.unfilled", { names: unfilled.map((n) => `{${n}}`).join(" ") })}</p>}
                  <div className="mt-2 flex gap-2">
                    <Button size="sm" onClick={() => void apply(i, "copy")}>
                      {t("scripts.picker.copy")}
                    </Button>
                    {onInsert && (
                      <Button size="sm" variant="primary" onClick={() => void apply(i, "insert")}>
                        {t("scripts.picker.insert")}
                      </Button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}
