// Knowledge-base vocabulary (issue 10), importable by client components.
export const KB_CATEGORIES = ["paid_not_updated", "charged_twice", "failed_but_deducted", "refund_not_arrived", "system_busy", "refund_timelines", "general"] as const;
export type KbCategory = (typeof KB_CATEGORIES)[number];

export const KB_VISIBILITIES = ["internal", "public"] as const;
export type KbVisibility = (typeof KB_VISIBILITIES)[number];

export const KB_STATUSES = ["draft", "published"] as const;
export type KbStatus = (typeof KB_STATUSES)[number];

export const KB_LINK_KINDS = ["incident", "script", "ticket"] as const;
export type KbLinkKind = (typeof KB_LINK_KINDS)[number];

export const KB_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,79}$/;
export const KB_TITLE_MAX = 200;
export const KB_BODY_MAX = 20_000;
export const KB_COMMENT_MAX = 500;
export const KB_TAG_MAX = 32;

/** Share of "yes" answers, or null before anyone answered (the list shows "—", not 0 %). */
export function helpfulRatio(yes: number, no: number): number | null {
  return yes + no === 0 ? null : yes / (yes + no);
}
