import type { ProblemKind } from "@/lib/problem-kinds";

/** The list input for a given UI state; the server page prefetches the first page with the same shape. */
export function callbacksInput(s: { kind?: ProblemKind; cursor?: string }) {
  return { kind: s.kind, cursor: s.cursor, limit: 50 };
}
