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
