// Client-importable (no Drizzle): the problem-callback filters of the console.
export const PROBLEM_KINDS = ["unknown_order", "rejected", "malformed", "error", "stuck"] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];
