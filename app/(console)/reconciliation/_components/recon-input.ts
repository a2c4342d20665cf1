import { PROVIDERS, type Provider } from "@/lib/enums";

/** The statement day before `now`'s day in the business time zone ('YYYY-MM-DD'): what a morning's reconciliation looks at. */
export function yesterdayIn(timeZone: string, now: Date): string {
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** ?date=&provider= from the URL, falling back to yesterday and all providers. */
export function reconParams(p: { date?: string; provider?: string }, fallbackDate: string): { date: string; provider?: Provider } {
  const date = p.date && /^\d{4}-\d{2}-\d{2}$/.test(p.date) ? p.date : fallbackDate;
  const provider = (PROVIDERS as readonly string[]).includes(p.provider ?? "") ? (p.provider as Provider) : undefined;
  return { date, provider };
}

/** recon.summary's input; the page prefetches exactly this. */
export const summaryInput = (s: { date: string; provider?: Provider }) => ({ date: s.date, provider: s.provider });

/** recon.imports' first page. */
export const importsInput = (s: { provider?: Provider; cursor?: string }) => ({ provider: s.provider, cursor: s.cursor, limit: 20 });
