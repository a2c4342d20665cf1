import "server-only";
// Alipay sends "yyyy-MM-dd HH:mm:ss" without an offset; it is China Standard Time (UTC+8, no DST since 1991).
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** "2026-09-15 10:30:05" (Beijing) → Date; undefined when the text is not a valid time of that shape. */
export function parseBeijingTime(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const utc = wallClockMs(m.slice(1, 7));
  return utc === undefined ? undefined : new Date(utc - BEIJING_OFFSET_MS);
}

/**
 * The wall-clock time "y-mo-d h:mi:s" as milliseconds if it were UTC, or undefined when no such time exists:
 * Date.UTC rolls 2015-14-27 over into 2016 and 30 February into March, and such a time is malformed, not a
 * different day.
 */
function wallClockMs(fields: string[]): number | undefined {
  const [y, mo, d, h, mi, s] = fields.map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return utc;
}

export function formatBeijingTime(at: Date): string {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}:${p(b.getUTCSeconds())}`;
}

/**
 * RFC 3339 with an explicit offset or Z ("2026-09-15T10:30:12+08:00"); undefined otherwise, also for an
 * impossible calendar time ("2026-02-30", hour 24), which `Date` would otherwise roll over into another day.
 */
export function parseRfc3339(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m || wallClockMs(m.slice(1, 7)) === undefined) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
