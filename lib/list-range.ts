import { z } from "zod";

/**
 * A time window on a console list, as the URL carries it: `?from=<ISO instant>&to=<ISO instant>`, half-open
 * [from, to), UTC on the wire and in the query, shown in the business time zone. The KPI dashboard's drill-down
 * opens a list narrowed to the dashboard's range, or to the one bucket (hour or day) that was clicked; every list
 * that accepts it shows a removable chip (components/data-table/range-chip.tsx).
 */
export interface ListRange {
  from: Date;
  to: Date;
}

/** The longest window a list accepts (the dashboard's 92 days plus a day of time-zone slack). */
export const LIST_RANGE_MAX_DAYS = 93;

/** tRPC input: both ends or neither, from strictly before to, at most LIST_RANGE_MAX_DAYS wide. */
export const listRangeInput = z
  .object({ from: z.date(), to: z.date() })
  .refine((r) => r.from.getTime() < r.to.getTime(), { message: "from must be before to" })
  .refine((r) => r.to.getTime() - r.from.getTime() <= LIST_RANGE_MAX_DAYS * 86_400_000, { message: `at most ${LIST_RANGE_MAX_DAYS} days` });

type Search = Record<string, string | string[] | undefined> | URLSearchParams;

const read = (p: Search, k: string): string | undefined => {
  if (p instanceof URLSearchParams) return p.get(k) ?? undefined;
  const v = p[k];
  return Array.isArray(v) ? v[0] : v;
};

// A full ISO instant with an explicit zone (Z or ±hh:mm): a bare date or a local time would be read in the
// server's zone, which is not the business zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The window in a page's search params, or null when absent, malformed, reversed or too wide (the list then shows everything). */
export function parseListRange(p: Search): ListRange | null {
  const f = read(p, "from");
  const t = read(p, "to");
  if (!f || !t || !INSTANT.test(f) || !INSTANT.test(t)) return null;
  const range = { from: new Date(f), to: new Date(t) };
  return listRangeInput.safeParse(range).success ? range : null;
}

/** `from=…&to=…` for a link (append to a list URL with `?` or `&`). */
export function listRangeQuery(r: ListRange): string {
  return `from=${encodeURIComponent(r.from.toISOString())}&to=${encodeURIComponent(r.to.toISOString())}`;
}

/** `href` with the window added (or replaced). */
export function withListRange(href: string, r: ListRange | null): string {
  const [path, query = ""] = href.split("?", 2);
  const params = new URLSearchParams(query);
  params.delete("from");
  params.delete("to");
  // `on` (which time a window applies to, e.g. the tickets list's resolved/breached) means nothing without one.
  if (!r) params.delete("on");
  if (r) {
    params.set("from", r.from.toISOString());
    params.set("to", r.to.toISOString());
  }
  const s = params.toString();
  return s ? `${path ?? ""}?${s}` : (path ?? "");
}
