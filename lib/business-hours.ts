// Business-hours arithmetic for ticket SLAs (issue 10): pure, no clock of its own, safe in the browser.

/** Open from startMinute to endMinute (local time, minutes after midnight) on the ISO weekdays listed (1 = Monday … 7 = Sunday). */
export interface BusinessCalendar {
  timeZone: string;
  startMinute: number;
  endMinute: number;
  weekdays: readonly number[];
}

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = { timeZone: "Asia/Shanghai", startMinute: 9 * 60, endMinute: 21 * 60, weekdays: [1, 2, 3, 4, 5, 6, 7] };

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** Enough days to cross any realistic target on a one-day-a-week calendar; a calendar with no open day throws. */
const MAX_DAYS = 3660;

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string, at: Date): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== "literal") p[part.type] = Number(part.value);
  return { y: p.year!, m: p.month!, d: p.day!, hh: p.hour!, mm: p.minute!, ss: p.second! };
}

/** The zone's offset from UTC at that instant, in ms. */
function offsetMs(timeZone: string, at: Date): number {
  const p = partsIn(timeZone, at);
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a local wall-clock time happens (a DST gap resolves forward, as clocks do). */
function instantOf(timeZone: string, y: number, m: number, d: number, minute: number): number {
  const wall = Date.UTC(y, m - 1, d, 0, minute);
  const first = wall - offsetMs(timeZone, new Date(wall));
  return wall - offsetMs(timeZone, new Date(first));
}

interface Day {
  y: number;
  m: number;
  d: number;
}
const dayOf = (cal: BusinessCalendar, at: number): Day => {
  const p = partsIn(cal.timeZone, new Date(at));
  return { y: p.y, m: p.m, d: p.d };
};
const nextDay = (day: Day): Day => {
  const n = new Date(Date.UTC(day.y, day.m - 1, day.d + 1));
  return { y: n.getUTCFullYear(), m: n.getUTCMonth() + 1, d: n.getUTCDate() };
};
const isoWeekday = (day: Day) => new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay() || 7;

/** The day's open window [start, end) as instants, or null on a closed day. */
function windowOf(cal: BusinessCalendar, day: Day): [number, number] | null {
  if (!cal.weekdays.includes(isoWeekday(day))) return null;
  return [instantOf(cal.timeZone, day.y, day.m, day.d, cal.startMinute), instantOf(cal.timeZone, day.y, day.m, day.d, cal.endMinute)];
}

function check(cal: BusinessCalendar) {
  if (!cal.weekdays.some((w) => w >= 1 && w <= 7) || cal.startMinute >= cal.endMinute) throw new RangeError("a business calendar needs an open day and a window");
}

/**
 * The instant `ms` of business time after `start`: the clock only runs inside the open window. Starting
 * outside it (at night, on a closed day) the count begins at the next opening; a target that ends exactly at
 * closing time is due at closing time.
 */
export function addBusinessMs(start: Date, ms: number, cal: BusinessCalendar): Date {
  check(cal);
  let remaining = Math.max(0, ms);
  let day = dayOf(cal, start.getTime());
  for (let i = 0; i < MAX_DAYS; i++, day = nextDay(day)) {
    const w = windowOf(cal, day);
    if (!w || start.getTime() >= w[1]) continue;
    const from = Math.max(start.getTime(), w[0]);
    if (remaining <= w[1] - from) return new Date(from + remaining);
    remaining -= w[1] - from;
  }
  throw new RangeError("business time target too far");
}

export const addBusinessMinutes = (start: Date, minutes: number, cal: BusinessCalendar): Date => addBusinessMs(start, minutes * MIN, cal);

/** Business time from a to b in ms (negative when b is before a). */
export function businessMsBetween(a: Date, b: Date, cal: BusinessCalendar): number {
  check(cal);
  if (b.getTime() < a.getTime()) return -businessMsBetween(b, a, cal);
  let total = 0;
  let day = dayOf(cal, a.getTime());
  for (let i = 0; i < MAX_DAYS + Math.ceil((b.getTime() - a.getTime()) / DAY); i++, day = nextDay(day)) {
    const w = windowOf(cal, day);
    const dayStart = instantOf(cal.timeZone, day.y, day.m, day.d, 0);
    if (dayStart >= b.getTime()) break;
    if (!w) continue;
    const from = Math.max(a.getTime(), w[0]);
    const to = Math.min(b.getTime(), w[1]);
    if (to > from) total += to - from;
  }
  return total;
}

export const businessMinutesBetween = (a: Date, b: Date, cal: BusinessCalendar): number => businessMsBetween(a, b, cal) / MIN;

/**
 * A due time after the clock was paused from `pausedAt` until `now`: the business time that was left at the
 * pause starts counting again from now. A target already missed when the pause began stays where it was.
 */
export function resumeDue(due: Date, pausedAt: Date, now: Date, cal: BusinessCalendar): Date {
  const left = businessMsBetween(pausedAt, due, cal);
  if (left <= 0) return due;
  return addBusinessMs(now, left, cal);
}
