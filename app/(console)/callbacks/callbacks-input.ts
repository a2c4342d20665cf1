import type { Provider } from "@/lib/enums";
import type { ListRange } from "@/lib/list-range";
import type { ProblemKind } from "@/lib/problem-kinds";

/** The list input for a given UI state; the server page prefetches the first page with the same shape. */
export function callbacksInput(s: { kind?: ProblemKind; provider?: Provider | ""; range?: ListRange | null; cursor?: string }) {
  return { kind: s.kind, provider: s.provider || undefined, range: s.range ?? undefined, cursor: s.cursor, limit: 50 };
}
