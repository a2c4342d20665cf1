"use client";

import { useActionState, useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { KB_COMMENT_MAX } from "@/lib/kb";
import { HELPFUL_IDLE, type HelpfulState } from "./helpful-state";

const button = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-indigo-300 disabled:opacity-60";

/** "Was this helpful?" yes / no with an optional comment; works without JavaScript too (a plain form POST). */
export function HelpfulForm({ articleId, action }: { articleId: number; action: (prev: HelpfulState, form: FormData) => Promise<HelpfulState> }) {
  const { t } = useI18n();
  const [state, submit, pending] = useActionState(action, HELPFUL_IDLE);
  const [comment, setComment] = useState("");
  if (state.status === "thanks") return <p className="mt-6 border-t border-slate-100 pt-4 text-sm text-emerald-700" role="status">{t("kb.feedback.thanks")}</p>;
  return (
    <form action={submit} className="mt-6 space-y-2 border-t border-slate-100 pt-4">
      <input type="hidden" name="articleId" value={articleId} />
      <p className="text-sm font-medium text-slate-900">{t("kb.feedback.question")}</p>
      <label className="block text-xs text-slate-600">
        {t("kb.feedback.comment")}
        <textarea name="comment" rows={2} maxLength={KB_COMMENT_MAX} value={comment} onChange={(e) => setComment(e.target.value)} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm" />
      </label>
      <div className="flex gap-2">
        <button type="submit" name="helpful" value="yes" disabled={pending} className={button}>
          {t("kb.feedback.yes")}
        </button>
        <button type="submit" name="helpful" value="no" disabled={pending} className={button}>
          {t("kb.feedback.no")}
        </button>
      </div>
      {state.status === "too_many" && <p className="text-sm text-amber-700" role="alert">{t("kb.feedback.tooMany")}</p>}
      {state.status === "failed" && <p className="text-sm text-rose-700" role="alert">{t("kb.feedback.failed")}</p>}
    </form>
  );
}
