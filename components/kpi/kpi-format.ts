import type { KpiBucket, KpiFigure } from "@/lib/kpi";

/** How a figure is shown: a 0..1 rate, a count, minor units of money, or a duration in seconds / milliseconds. */
export type FigureKind = "rate" | "count" | "money" | "seconds" | "ms";
/** Which way is better: up (success rate), down (delays, backlog), or neither (volume that is just volume). */
export type Direction = "up" | "down" | "neutral";

export type Trend = "better" | "worse" | "same" | "none";

/**
 * The change from the previous period and whether it is good news. Rates change in percentage points
 * (97.1 % → 95.0 % is −2.1 pp, not −2.2 %); everything else in percent of the previous value, or not at all
 * when the previous value is zero (a change "from nothing" has no percentage).
 */
export function figureDelta(f: KpiFigure, kind: FigureKind, direction: Direction): { trend: Trend; points: number | null; ratio: number | null; diff: number | null } {
  if (f.value === null || f.previous === null) return { trend: "none", points: null, ratio: null, diff: null };
  const diff = f.value - f.previous;
  const points = kind === "rate" ? diff * 100 : null;
  const ratio = kind !== "rate" && f.previous !== 0 ? diff / Math.abs(f.previous) : null;
  // Below a tenth of a point (rates) or of a percent, call it unchanged: the arrow should not flicker on noise.
  const tiny = kind === "rate" ? Math.abs(diff) < 0.0005 : f.previous === 0 ? diff === 0 : Math.abs(diff / f.previous) < 0.0005;
  if (tiny) return { trend: "same", points, ratio, diff };
  if (direction === "neutral") return { trend: "none", points, ratio, diff };
  const up = diff > 0;
  return { trend: up === (direction === "up") ? "better" : "worse", points, ratio, diff };
}

/** A CSV cell: quoted when it holds a separator, a quote or a line break; formulas defused for spreadsheets. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  // A cell starting with = + - @ is run as a formula by Excel; numbers are safe, text gets a leading quote.
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text (CRLF, UTF-8 BOM so Excel reads Chinese headers) from a header row and data rows. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** A bucket's start as the business zone's wall clock: "2026-11-26 20:00" by hour, "2026-11-26" by day. */
export function bucketLabel(t: Date | string | number, bucket: KpiBucket, timeZone: string): string {
  const d = new Date(t);
  const text = new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
  return bucket === "day" ? text.slice(0, 10) : text;
}

/** Short axis tick: "11-26" by day, "11-26 20:00" by hour ("20:00" when the range is a single day). */
export function axisLabel(t: number, bucket: KpiBucket, timeZone: string, singleDay: boolean): string {
  const full = bucketLabel(t, bucket, timeZone);
  if (bucket === "day") return full.slice(5);
  return singleDay ? full.slice(11) : full.slice(5);
}

/** successes / attempts, null when nothing was attempted (a gap in the line, not a 0 % cliff). */
export const rateOf = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * True when a chart has nothing to draw: buckets are zero-filled over the whole range, so "no rows" is not the
 * test; no bucket holding a non-zero number in any of the chart's series is.
 */
export function noData(rows: readonly object[], keys: readonly string[]): boolean {
  return !rows.some((r) => keys.some((k) => {
    const v = (r as Record<string, unknown>)[k];
    return typeof v === "number" && v !== 0 && !Number.isNaN(v);
  }));
}
