/**
 * Incident reviews (issue 12): enums and the drafted facts' shape, safe on both sides. The facts are a snapshot
 * taken from the incident thread (server/reviews/draft-review.ts) and stored as JSON, so times are ISO strings.
 */
export const REVIEW_STATUSES = ["draft", "completed"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const ACTION_ITEM_STATUSES = ["open", "done"] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const REVIEW_TEXT_MAX = 5000;
export const ACTION_TITLE_MAX = 300;
/** A review is completed with a root cause of at least this many characters (the rest may stay short). */
export const ROOT_CAUSE_MIN = 10;
/** Timeline entries kept in a draft: the rest are counted, not copied. */
export const DRAFT_TIMELINE_CAP = 200;

export interface ReviewFacts {
  draftedAt: string;
  incident: {
    id: number;
    title: string;
    severity: string;
    provider: string;
    onsetAt: string;
    openedAt: string;
    resolvedAt: string | null;
    commander: string | null;
    summary: string | null;
  };
  /** Seconds: detect = onset → opened, acknowledge = opened → first acknowledgement (or commander), resolve = onset → resolved. */
  times: { detectS: number | null; ackS: number | null; resolveS: number | null };
  impact: { orders: number; users: number; amountMinor: number; currency: string };
  alerts: { count: number; rules: string[] };
  /** What was done: timeline entries by kind (acknowledgements, notes, notices…). */
  actions: Record<string, number>;
  statusNotices: number;
  usersNotified: { sent: number; failed: number; total: number };
  tickets: { total: number; open: number };
  refunds: { count: number; refundedMinor: number; pendingMinor: number; currency: string };
  atRisk: { discrepancies: number; openDiscrepancies: number; amountMinor: number; currency: string };
  timeline: { at: string; kind: string; actor: string | null; text: string | null }[];
  timelineTotal: number;
}

/** Due dates are business days (YYYY-MM-DD in the business time zone): overdue once that day has passed there. */
export function isOverdue(dueOn: string | null, status: ActionItemStatus, today: string): boolean {
  return status === "open" && dueOn !== null && dueOn < today;
}
