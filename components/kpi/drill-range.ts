import type { Provider } from "@/lib/enums";
import type { KpiBucket } from "@/lib/kpi";
import { withListRange, type ListRange } from "@/lib/list-range";
import { addDays, dayIn, startOfDayIn } from "./kpi-params";

const HOUR_MS = 3_600_000;

/**
 * The instants a clicked chart bucket covers, as a list window (lib/list-range.ts): an hour bucket is
 * [start, start + 1 h); a day bucket is the business day [00:00, next day's 00:00) in `timeZone` (23 or 25 hours
 * across a DST change). Clipped to the dashboard's own window `within`, so the list never shows more than
 * the chart drew. `start` is the bucket's start as the KPI queries return it (the hour, or the day's local midnight).
 */
export function bucketRange(start: number, bucket: KpiBucket, timeZone: string, within: ListRange): ListRange {
  const end = bucket === "hour" ? start + HOUR_MS : startOfDayIn(timeZone, addDays(dayIn(timeZone, new Date(start)), 1)).getTime();
  return {
    from: new Date(Math.max(start, within.from.getTime())),
    to: new Date(Math.min(end, within.to.getTime())),
  };
}

/** `href` (a list URL, possibly with its own filters) narrowed to one bucket of a chart. */
export function bucketHref(href: string, start: number, bucket: KpiBucket, timeZone: string, within: ListRange): string {
  return withListRange(href, bucketRange(start, bucket, timeZone, within));
}

/** The lists that filter by ?provider= the way the dashboard counts for one provider (discrepancies add their own). */
export const PROVIDER_FILTERED = ["orders", "callbacks", "tickets", "refunds", "incidents"] as const;

/**
 * `href` with the dashboard's provider (?provider=), unless it already names one (a click on one provider's line
 * names that provider) or there is none.
 */
export function withProvider(href: string, provider: Provider | null | undefined): string {
  if (!provider) return href;
  const hashAt = href.indexOf("#");
  const [path, hash] = hashAt === -1 ? [href, ""] : [href.slice(0, hashAt), href.slice(hashAt)];
  const queryAt = path.indexOf("?");
  if (queryAt !== -1 && new URLSearchParams(path.slice(queryAt + 1)).has("provider")) return href;
  // Appended as is: the rest of the query (the window's instants) keeps its spelling.
  return `${path}${queryAt === -1 ? "?" : path.endsWith("?") || path.endsWith("&") ? "" : "&"}provider=${provider}${hash}`;
}
