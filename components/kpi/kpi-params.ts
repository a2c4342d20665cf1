import { PROVIDERS, type Provider } from "@/lib/enums";
import { KPI_MAX_HOURLY_RANGE_DAYS, KPI_MAX_RANGE_DAYS, type KpiBucket } from "@/lib/kpi";

/**
 * The dashboard's state as the URL carries it (shareable links): /kpi?range=30d&provider=alipay&bucket=day&compare=0.
 * Days are business-time-zone calendar days; `to` is inclusive in the URL and exclusive in the query.
 */
export const KPI_RANGES = ["today", "7d", "30d", "90d", "custom"] as const;
export type KpiRange = (typeof KPI_RANGES)[number];

export interface KpiParams {
  range: KpiRange;
  /** First and last business day shown (inclusive), YYYY-MM-DD. */
  fromDay: string;
  toDay: string;
  provider: Provider | null;
  bucket: KpiBucket;
  compare: boolean;
}

const PRESET_DAYS: Record<Exclude<KpiRange, "custom">, number> = { today: 1, "7d": 7, "30d": 30, "90d": 90 };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD of `at` in the business time zone. */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** The calendar day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

// Wall clock of `at` in `timeZone`, read as if it were UTC, minus the instant: the zone's offset at that instant.
function offsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - Math.floor(at / 1000) * 1000;
}

/** The instant a business day starts (00:00 wall clock in `timeZone`). */
export function startOfDayIn(timeZone: string, day: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`);
  const first = guess - offsetMs(timeZone, guess);
  // Read the offset again at the candidate: they differ when a DST change lies between the guess and the answer.
  return new Date(guess - offsetMs(timeZone, first));
}

type Search = Record<string, string | string[] | undefined>;
const one = (p: Search, k: string): string | undefined => {
  const v = p[k];
  return Array.isArray(v) ? v[0] : v;
};

/** From the page's search params; anything unknown or out of bounds falls back to the last 7 days. */
export function kpiParams(p: Search, today: string): KpiParams {
  const asked = one(p, "range");
  let range: KpiRange = (KPI_RANGES as readonly string[]).includes(asked ?? "") ? (asked as KpiRange) : "7d";
  let fromDay: string;
  let toDay = today;
  if (range === "custom") {
    const f = one(p, "from") ?? "";
    const t = one(p, "to") ?? "";
    const span = DAY.test(f) && DAY.test(t) ? daysBetween(f, t) + 1 : 0;
    if (span >= 1 && span <= KPI_MAX_RANGE_DAYS && !Number.isNaN(span)) {
      fromDay = f;
      toDay = t;
    } else {
      range = "7d";
      fromDay = addDays(today, -6);
    }
  } else {
    fromDay = addDays(today, -(PRESET_DAYS[range] - 1));
  }
  const days = daysBetween(fromDay, toDay) + 1;
  const hourlyAllowed = days <= KPI_MAX_HOURLY_RANGE_DAYS;
  const b = one(p, "bucket");
  const bucket: KpiBucket = b === "hour" && hourlyAllowed ? "hour" : b === "day" ? "day" : days <= 2 ? "hour" : "day";
  const prov = one(p, "provider") ?? "";
  const provider = (PROVIDERS as readonly string[]).includes(prov) ? (prov as Provider) : null;
  return { range, fromDay, toDay, provider, bucket, compare: one(p, "compare") !== "0" };
}

/** To a query string (defaults left out), for router.replace and shared links. */
export function kpiSearch(s: KpiParams): string {
  const q = new URLSearchParams();
  if (s.range !== "7d") q.set("range", s.range);
  if (s.range === "custom") {
    q.set("from", s.fromDay);
    q.set("to", s.toDay);
  }
  if (s.provider) q.set("provider", s.provider);
  const days = daysBetween(s.fromDay, s.toDay) + 1;
  const defaultBucket = days <= 2 ? "hour" : "day";
  if (s.bucket !== defaultBucket) q.set("bucket", s.bucket);
  if (!s.compare) q.set("compare", "0");
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** The query string of a preset range, keeping the provider and the comparison (days and bucket are the preset's). */
export function presetSearch(range: Exclude<KpiRange, "custom">, s: Pick<KpiParams, "provider" | "compare">): string {
  const q = new URLSearchParams();
  if (range !== "7d") q.set("range", range);
  if (s.provider) q.set("provider", s.provider);
  if (!s.compare) q.set("compare", "0");
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** The kpi.* input for a state: [start of the first day, start of the day after the last) in the business zone. */
export function kpiInput(s: KpiParams, timeZone: string) {
  return { from: startOfDayIn(timeZone, s.fromDay), to: startOfDayIn(timeZone, addDays(s.toDay, 1)), provider: s.provider, bucket: s.bucket };
}

/** Whether an hourly bucket is allowed for a range of days. */
export const hourlyAllowed = (s: Pick<KpiParams, "fromDay" | "toDay">) => daysBetween(s.fromDay, s.toDay) + 1 <= KPI_MAX_HOURLY_RANGE_DAYS;
