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

/** Times in exports: RFC 3339 with Z/offset, unix seconds, or wall-clock time in `timeZone`. */
export function parseStatementTime(text: string, timeZone: string): Date | undefined {
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
