// Silences and maintenance windows are typed as wall-clock times in the business time zone (a
// <input type="datetime-local"> value, "2026-11-26T02:00"), whatever zone the browser is in.

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function zoneParts(at: Date, timeZone: string) {
  let fmt = partsFormat.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    partsFormat.set(timeZone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetAt(at: Date, timeZone: string): number {
  const p = zoneParts(at, timeZone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - (at.getTime() - at.getMilliseconds());
}

/** "2026-11-26T02:00" in `timeZone` → the instant; null for an empty or malformed value. */
export function zonedInputToDate(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // Two passes settle the offset next to a daylight-saving change (a zone without DST needs one).
  let at = asUtc - offsetAt(new Date(asUtc), timeZone);
  at = asUtc - offsetAt(new Date(at), timeZone);
  return new Date(at);
}

/** The instant as a datetime-local value in `timeZone`. */
export function dateToZonedInput(at: Date, timeZone: string): string {
  const p = zoneParts(at, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}`;
}
