export const REVIEW_TABS = ["all", "draft", "completed"] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];

/** The tab a URL asks for (?status=…), all reviews by default. */
export function reviewTab(status: string | undefined): ReviewTab {
  return (REVIEW_TABS as readonly string[]).includes(status ?? "") ? (status as ReviewTab) : "all";
}

/** The list input for a UI state; the server page prefetches the first page with the same shape. */
export function reviewsInput(s: { status: ReviewTab; cursor?: string }) {
  return { status: s.status, cursor: s.cursor, limit: 50 };
}

export const OVERDUE_INPUT = { status: "open", overdue: true } as const;
