import type { JobStatus } from "@/lib/enums";

export const JOB_TABS = ["pending", "running", "dead", "succeeded"] as const satisfies readonly JobStatus[];
export type JobTab = (typeof JOB_TABS)[number];

/** The tab a URL asks for (?status=…), dead letters by default. */
export function jobTab(status: string | undefined): JobTab {
  return (JOB_TABS as readonly string[]).includes(status ?? "") ? (status as JobTab) : "dead";
}

/** The list input for a given UI state; the server page prefetches the first page with the same shape. */
export function jobsInput(s: { status: JobTab; type?: string; cursor?: string }) {
  return { status: s.status, type: s.type || undefined, cursor: s.cursor, limit: 50 };
}
