// No "server-only": the statement writers (used by Playwright fixtures and scripts) need these too.

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

const LOCAL = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Wall-clock fields, validated (Date.UTC would roll 2026-02-30 into March: that is malformed, not another day). */
function wallClock(text: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } | undefined {
  const m = LOCAL.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  const check = new Date(Date.UTC(y!, mo! - 1, d!));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d || h! > 23 || mi! > 59 || s! > 59) return undefined;
  return { y: y!, mo: mo!, d: d!, h: h!, mi: mi!, s: s! };
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at instant `utcMs`, in ms (Asia/Shanghai → +8 h). Throws on an unknown zone. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    offsetFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * "2026-11-24 10:01:02" read as wall-clock time in `timeZone` → UTC instant; undefined when not such a time.
 * Asia/Shanghai (the Alipay and WeChat files) is a fixed +08:00 with no DST since 1991: no Intl on the hot path.
 */
export function parseLocalTime(text: string, timeZone = "Asia/Shanghai"): Date | undefined {
  const w = wallClock(text);
  if (!w) return undefined;
  const wall = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  if (timeZone === "Asia/Shanghai") return new Date(wall - BEIJING_OFFSET_MS);
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return new Date(wall);
  // The offset at the guess may differ from the one at the answer near a DST change: try both. A wall time in
  // the skipped hour has no match and lands after the gap (as Temporal's "compatible" does).
  const first = wall - zoneOffsetMs(wall, timeZone);
  const offset = zoneOffsetMs(first, timeZone);
  const second = wall - offset;
  return new Date(zoneOffsetMs(second, timeZone) === offset ? second : first);
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const num2 = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);
/** A digit at i, or -1 (unsigned compare: anything below "0" wraps past 9). */
const digitAt = (s: string, i: number) => {
  const d = s.charCodeAt(i) - 48;
  return d >>> 0 > 9 ? -1 : d;
};
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

/** The last calendar day isoUtc read ("2026-11-24T") and its first instant. */
let dayPrefix = "";
let dayMs = 0;

/** "hh:mm:ssZ" or "hh:mm:ss.sssZ" from position 11 of an isoUtc text of length n, in ms into the day; -1 if not a clock time. */
function clockMs(t: string, n: number): number {
  if (t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(n - 1) !== 90) return -1;
  const h1 = digitAt(t, 11);
  const h2 = digitAt(t, 12);
  const m1 = digitAt(t, 14);
  const m2 = digitAt(t, 15);
  const s1 = digitAt(t, 17);
  const s2 = digitAt(t, 18);
  if ((h1 | h2 | m1 | m2 | s1 | s2) < 0) return -1;
  const h = h1 * 10 + h2;
  const mi = m1 * 10 + m2;
  const sec = s1 * 10 + s2;
  if (h > 23 || mi > 59 || sec > 59) return -1;
  let ms = 0;
  if (n === 24) {
    const a = digitAt(t, 20);
    const b = digitAt(t, 21);
    const c = digitAt(t, 22);
    if (t.charCodeAt(19) !== 46 || (a | b | c) < 0) return -1;
    ms = a * 100 + b * 10 + c;
  }
  return ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}

/**
 * "2026-11-24T03:00:00Z" and "2026-11-24T03:00:00.000Z" (what the sandbox and most exports write), read by
 * hand: Date's string parser was a fifth of reading a sandbox statement. Only a valid calendar time takes
 * this path, and it gives exactly what `new Date(text)` gives (a property test compares them); anything
 * else (other forms, 2026-02-30, 24:00, years before 100) goes the general way.
 */
function isoUtc(t: string): Date | undefined {
  const n = t.length;
  if (n !== 20 && n !== 24) return undefined;
  // A statement's times fall on one or two days: the day (its digits, its calendar check, its first instant)
  // is worked out once per day; a time on the day read last only has its clock read.
  if (dayPrefix !== "" && t.startsWith(dayPrefix)) {
    const clock = clockMs(t, n);
    return clock < 0 ? undefined : new Date(dayMs + clock);
  }
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84) return undefined;
  for (const i of DATE_DIGITS) if (digitAt(t, i) < 0) return undefined;
  const clock = clockMs(t, n);
  if (clock < 0) return undefined;
  const y = digit(t, 0) * 1000 + digit(t, 1) * 100 + num2(t, 2);
  const mo = num2(t, 5);
  const d = num2(t, 8);
  // Date.UTC reads years 0–99 as 1900–1999, where the string means them literally.
  if (y < 100 || mo < 1 || mo > 12 || d < 1) return undefined;
  const day = new Date(Date.UTC(y, mo - 1, d));
  // A day past the month's end rolled into the next month: not a calendar time (wallClock's check too).
  if (day.getUTCDate() !== d) return undefined;
  dayPrefix = t.slice(0, 11);
  dayMs = day.getTime();
  return new Date(dayMs + clock);
}

/** Times in exports: RFC 3339 with Z/offset, unix seconds, or wall-clock time in `timeZone`. */
export function parseStatementTime(text: string, timeZone: string): Date | undefined {
  const fast = isoUtc(text);
  if (fast) return fast;
  const t = text.trim();
  if (/^\d{9,11}$/.test(t)) return new Date(Number(t) * 1000);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return parseLocalTime(t, timeZone);
}

/** Date → "2026-11-24 10:01:02" Beijing time (the Alipay and WeChat files). */
export function formatBeijing(at: Date): string {
  return formatUtc(new Date(at.getTime() + BEIJING_OFFSET_MS));
}

/** Date → "2026-11-24 02:01:02" UTC (Stripe's *_utc columns). */
export function formatUtc(at: Date): string {
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
}

/** "2026-11-24" → its first instant in `timeZone` and the next day's (a statement day's bounds). */
export function businessDayBounds(date: string, timeZone = "Asia/Shanghai"): { start: Date; end: Date } {
  const start = parseLocalTime(`${date} 00:00:00`, timeZone);
  if (!start || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date: "${date}"`);
  const next = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + 1));
  const end = parseLocalTime(`${next.toISOString().slice(0, 10)} 00:00:00`, timeZone)!;
  return { start, end };
}
