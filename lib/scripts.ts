// Reply-script vocabulary (issue 10). Plain tuples and a pure template filler: client components (the picker's
// preview, the editor's live preview) and the server share them without pulling in Drizzle.
import type { LookupAnswerKind } from "./tickets";

export const SCRIPT_CATEGORIES = ["paid_not_updated", "charged_twice", "failed_but_deducted", "refund_not_arrived", "system_busy", "general"] as const;
export type ScriptCategory = (typeof SCRIPT_CATEGORIES)[number];

/**
 * draft → pending_approval → published (or back to draft when rejected); archived is final. A published script
 * keeps its published version while a new draft of it waits: `status` is the script's, the draft lives in
 * script_versions (see server/scripts/).
 */
export const SCRIPT_STATUSES = ["draft", "pending_approval", "published", "archived"] as const;
export type ScriptStatus = (typeof SCRIPT_STATUSES)[number];

export const SCRIPT_VERSION_STATES = ["draft", "pending_approval", "published", "rejected", "superseded"] as const;
export type ScriptVersionState = (typeof SCRIPT_VERSION_STATES)[number];

/** The situations a script can fit: what the lookup would tell the user about the order. */
export const SCRIPT_SITUATIONS = ["done", "processing", "not_paid", "closed", "charged_twice", "refund_pending"] as const satisfies readonly Exclude<LookupAnswerKind, "no_match">[];
export type ScriptSituation = (typeof SCRIPT_SITUATIONS)[number];

export const SCRIPT_VARIABLES = ["orderNo", "paidAt", "amount", "provider", "eta", "ticketNo"] as const;
export type ScriptVariable = (typeof SCRIPT_VARIABLES)[number];

export type Localized = { "zh-CN": string; en: string };
export const SCRIPT_TEXT_MAX = 4000;
export const SCRIPT_TITLE_MAX = 200;
export const SCRIPT_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{1,63}$/;

/**
 * Replaces {name} with values[name]. A variable with no value (no order in context, an unpaid order's paidAt)
 * stays visibly as {name} so the agent sees what to fill in by hand; never "undefined" or an empty gap.
 */
export function fillTemplate(text: string, values: Partial<Record<string, string | null | undefined>>): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => {
    const v = values[name];
    return typeof v === "string" && v.length > 0 ? v : whole;
  });
}

/** The variables a text uses, in order of first use (editor chips, "unfilled" hints). */
export function templateVariables(text: string): string[] {
  const seen: string[] = [];
  for (const m of text.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)) if (!seen.includes(m[1]!)) seen.push(m[1]!);
  return seen;
}

export type DiffLine = { kind: "same" | "added" | "removed"; text: string };

/** A line diff (longest common subsequence) for the version history; scripts are short, O(n·m) is fine. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: "same", text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ kind: "removed", text: a[i++]! });
    else out.push({ kind: "added", text: b[j++]! });
  }
  while (i < a.length) out.push({ kind: "removed", text: a[i++]! });
  while (j < b.length) out.push({ kind: "added", text: b[j++]! });
  return out;
}
