import "server-only";
import type { ReportKind } from "@/lib/reports";

export interface ReportPeriod {
  kind: ReportKind;
  /** Business-time-zone calendar days, [start, end). */
  start: string;
  end: string;
  /** The same period as instants, and the start of the period before it (same kind, same length in days). */
  from: Date;
  to: Date;
  previousFrom: Date;
  previousStart: string;
}

const DAY_MS = 86_400_000;

function partsIn(at: Date, timeZone: string): { y: number; m: number; d: number; h: number; min: number; weekday: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", weekday: "short",
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  return { y: Number(get("year")), m: Number(get("month")), d: Number(get("day")), h: Number(get("hour")), min: Number(get("minute")), weekday };
}

/** The business day (YYYY-MM-DD) an instant falls on. */
export function businessDayOf(at: Date, timeZone: string): string {
  const p = partsIn(at, timeZone);
  return `${p.y}-${String(p.m).padStart(2, "0")}-${String(p.d).padStart(2, "0")}`;
}

/** The instant a business day starts (its local midnight), whatever the zone's offset that day. */
export function startOfBusinessDay(day: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  // The offset at a guess, then once more at the corrected instant (a DST change near midnight moves it).
  let at = utcMidnight;
  for (let i = 0; i < 2; i++) {
    const p = partsIn(new Date(at), timeZone);
    const shownAsUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min);
    at = utcMidnight - (shownAsUtc - at);
  }
  return new Date(at);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function addMonths(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n, 1);
  return d.toISOString().slice(0, 10);
}

/** A period from its first day: weekly periods start on a Monday, monthly on the 1st (both checked). */
export function periodOf(kind: ReportKind, start: string, timeZone: string): ReportPeriod {
  const weekday = new Date(`${start}T00:00:00Z`).getUTCDay();
  if (kind === "weekly" && weekday !== 1) throw new RangeError(`a weekly report starts on a Monday, not ${start}`);
  if (kind === "monthly" && !start.endsWith("-01")) throw new RangeError(`a monthly report starts on the 1st, not ${start}`);
  const end = kind === "weekly" ? addDays(start, 7) : addMonths(start, 1);
  const previousStart = kind === "weekly" ? addDays(start, -7) : addMonths(start, -1);
  return {
    kind, start, end, previousStart,
    from: startOfBusinessDay(start, timeZone),
    to: startOfBusinessDay(end, timeZone),
    previousFrom: startOfBusinessDay(previousStart, timeZone),
  };
}

/** The last complete period at `now`: last week (Monday to Sunday) or last month, in the business time zone. */
export function lastCompletePeriod(kind: ReportKind, now: Date, timeZone: string): ReportPeriod {
  const today = businessDayOf(now, timeZone);
  if (kind === "monthly") return periodOf(kind, addMonths(`${today.slice(0, 8)}01`, -1), timeZone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const thisMonday = addDays(today, -((weekday + 6) % 7));
  return periodOf(kind, addDays(thisMonday, -7), timeZone);
}

/** The schedule's moment: Monday 09:00 (weekly) / the 1st 09:00 (monthly) business time has passed for the current period. */
export function scheduledPeriodDue(kind: ReportKind, now: Date, timeZone: string, hour = 9): ReportPeriod {
  const p = partsIn(now, timeZone);
  const today = businessDayOf(now, timeZone);
  const isFirstDay = kind === "weekly" ? p.weekday === 1 : today.endsWith("-01");
  // Before 09:00 on the first day the previous period's report is the one due (and was, a week or month ago).
  const beforeNine = isFirstDay && p.h < hour;
  const at = beforeNine ? new Date(now.getTime() - DAY_MS) : now;
  return lastCompletePeriod(kind, at, timeZone);
}
