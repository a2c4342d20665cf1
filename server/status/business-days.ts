import "server-only";

// History bars are per business day (BUSINESS_TIMEZONE, Asia/Shanghai by default), whatever zone the server runs in.

const formats = new Map<string, Intl.DateTimeFormat>();

function fmt(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    formats.set(timeZone, f);
  }
  return f;
}

function parts(at: Date, timeZone: string) {
  const p = Object.fromEntries(fmt(timeZone).formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

function offsetAt(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - (at.getTime() - at.getMilliseconds());
}

/** "2026-11-26": the business day an instant falls on. */
export function businessDay(at: Date, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.y}-${String(p.mo).padStart(2, "0")}-${String(p.d).padStart(2, "0")}`;
}

/** The instant a business day starts (its local midnight); two passes settle a daylight-saving change. */
export function dayStart(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d);
  let at = asUtc - offsetAt(new Date(asUtc), timeZone);
  at = asUtc - offsetAt(new Date(at), timeZone);
  return new Date(at);
}

/** The `count` business days ending with today's, oldest first, each with its [start, end). */
export function lastBusinessDays(now: Date, count: number, timeZone: string): { day: string; start: Date; end: Date }[] {
  const today = businessDay(now, timeZone);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const days: string[] = [];
  for (let i = count - 1; i >= -1; i--) days.push(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10));
  const starts = days.map((day) => dayStart(day, timeZone));
  return days.slice(0, count).map((day, i) => ({ day, start: starts[i]!, end: starts[i + 1]! }));
}
