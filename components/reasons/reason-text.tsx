"use client";

import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { cx } from "@/components/ui/cx";
import { formatReasonParams, resolveReason, type Reason, type ReasonFormatters } from "@/lib/reasons";

export interface ReasonTextProps {
  /** The stored code and parameters; null for rows written before codes (then `raw` is parsed or shown). */
  reason: Reason | null | undefined;
  /** The stored English text: the engineers' form, one click away. */
  raw: string | null | undefined;
  /** The row's currency, for legacy amount texts that name none. */
  currency?: string | null;
  /** One line, for table cells (the sentence is also the cell's title). */
  inline?: boolean;
  className?: string;
}

/** A reason as a sentence in the reader's language, with the raw stored text one click away. */
export function ReasonText({ reason, raw, currency, inline = false, className }: ReasonTextProps) {
  const i18n = useI18n();
  const [open, setOpen] = useState(false);
  const resolved = resolveReason(reason, raw, { currency });
  const sentence = resolved ? reasonSentence(resolved, i18n) : null;
  if (!sentence) {
    if (!raw) return <span className={className}>—</span>;
    return (
      <span className={cx(inline && "block truncate", className)} title={inline ? raw : undefined}>
        {raw}
      </span>
    );
  }
  const showRaw = Boolean(raw) && raw !== sentence;
  // A button and spans, not <details>: reasons sit inside paragraphs and table cells, where only phrasing
  // content may go (a <details> inside a <p> breaks hydration).
  const toggle = showRaw && (
    <button
      type="button"
      aria-expanded={open}
      onClick={() => setOpen((o) => !o)}
      className="ml-1 shrink-0 cursor-pointer text-[11px] text-slate-500 underline decoration-dotted hover:text-slate-700"
    >
      {rawLabel(i18n)}
    </button>
  );
  const rawText = showRaw && open && <code className="mt-0.5 block font-mono text-[11px] break-all whitespace-pre-wrap text-slate-600">{raw}</code>;
  if (inline) {
    return (
      <span className={cx("block min-w-0", className)}>
        <span className="flex min-w-0 items-baseline">
          <span className="truncate" title={sentence}>
            {sentence}
          </span>
          {toggle}
        </span>
        {rawText}
      </span>
    );
  }
  return (
    <span className={className}>
      {sentence}
      {toggle}
      {rawText}
    </span>
  );
}

type I18nLike = ReasonFormatters & { t: (key: never, vars?: never) => string };
type LooseT = (key: string, vars?: Record<string, string | number>) => string;

/** The sentence of a reason in the active language, or null when the locale has none for it. */
export function reasonSentence(reason: Reason, i18n: I18nLike): string | null {
  const t = i18n.t as unknown as LooseT;
  const key = `reasons.${reason.code}`;
  try {
    const text = t(key, formatReasonParams(reason, { ...i18n, t }));
    // A missing message comes back as its key (next-intl's default): then the raw text is better.
    return text && text !== key && !text.endsWith(key) ? text : null;
  } catch {
    return null;
  }
}

function rawLabel(i18n: I18nLike): string {
  const t = i18n.t as unknown as LooseT;
  const label = t("reasons.ui.raw");
  return label === "reasons.ui.raw" || label.endsWith("reasons.ui.raw") ? "raw" : label;
}
