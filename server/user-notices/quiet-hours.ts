import "server-only";
import { inQuietHours, parseClock } from "@/lib/user-notices";

/** Minute of the day (0–1439) of `at` in `timeZone`. */
export function minuteOfDay(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

/**
 * When a non-urgent notice may go out: `now` outside quiet hours, else the end of quiet hours in the business
 * time zone (to the minute). Counting forward in minutes keeps this right across midnight and any UTC offset.
 */
export function quietHoursRelease(now: Date, quietStart: string, quietEnd: string, timeZone: string): Date {
  const start = parseClock(quietStart);
  const end = parseClock(quietEnd);
  if (start === null || end === null) return now;
  const minute = minuteOfDay(now, timeZone);
  if (!inQuietHours(minute, start, end)) return now;
  const wait = (end - minute + 1440) % 1440;
  const release = new Date(now.getTime() + wait * 60_000);
  release.setUTCSeconds(0, 0);
  return release;
}
