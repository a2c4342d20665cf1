import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statementImports } from "@/db/schema";
import { PROVIDERS, type Provider } from "@/lib/enums";
import { systemActor, type Actor } from "@/server/audit/write-audit";
import { getEnv, type Env } from "@/server/env";
import { enqueue } from "@/server/jobs/enqueue";
import { ensureSchedule } from "@/server/jobs/schedules";
import { defineJob } from "@/server/jobs/types";
import { billAdapters } from "@/server/providers";
import { NotFoundError } from "@/server/lib/errors";
import { importStatement, type ImportSummary } from "./import-statement";

/** What a provider's bill API gives (server/providers/<p>/bill.ts, BillAdapter). */
export type BillDownload = (date: string, env: Env, signal?: AbortSignal) => Promise<{ fileName: string; body: AsyncIterable<Uint8Array> }>;

function billDownloadFor(provider: Provider): BillDownload {
  const adapter = billAdapters[provider];
  return (date, env, signal) => adapter.download(date, env, signal);
}

/** Providers whose bill API we can call: credentials configured (the sandbox always). */
export function pullableProviders(env: Env): Provider[] {
  return PROVIDERS.filter((p) => {
    switch (p) {
      case "sandbox":
        return true;
      case "alipay":
        return Boolean(env.ALIPAY_APP_ID && env.ALIPAY_APP_PRIVATE_KEY);
      case "wechatpay":
        return Boolean(env.WECHATPAY_MCH_ID && env.WECHATPAY_MERCHANT_PRIVATE_KEY && env.WECHATPAY_MERCHANT_SERIAL);
      case "stripe":
        return Boolean(env.STRIPE_SECRET_KEY);
    }
  });
}

/**
 * Downloads one provider's statement for one business day through its bill API and imports it (source
 * "pull") — the same importStatement as upload and CLI. Used by the daily job and by "pull now".
 */
export async function pullStatement(
  db: Db,
  input: { provider: Provider; date: string },
  actor: Actor,
  opts: { env?: Env; now?: Date; signal?: AbortSignal; download?: BillDownload } = {},
): Promise<ImportSummary> {
  const env = opts.env ?? getEnv();
  const today = localParts(opts.now ?? new Date(), env.BUSINESS_TIMEZONE).day;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || input.date >= today) {
    throw new NotFoundError(`no ${input.provider} statement for ${input.date} yet: a day's statement comes out the day after`);
  }
  const download = opts.download ?? billDownloadFor(input.provider);
  const file = await download(input.date, env, opts.signal);
  return importStatement(
    db,
    { format: { kind: "provider", provider: input.provider }, body: file.body, fileName: file.fileName, businessDate: input.date, source: "pull" },
    actor,
    { env, now: opts.now },
  );
}

const actor = systemActor("recon-pull");

/** One provider-day pull, retried by the job runner (a statement is often not ready at the first try). */
export const pullStatementJob = defineJob<{ provider: Provider; date: string }>({
  type: "recon.pull",
  retrySchedule: () => [10 * 60_000, 30 * 60_000, 60 * 60_000, 3 * 60 * 60_000],
  run: async ({ db, signal }, payload) => {
    const s = await pullStatement(db, payload, actor, { signal });
    return { importId: s.importId, outcome: s.outcome, statementLines: s.statementLines, matched: s.matched, open: s.open };
  },
});

export const RECON_PULL_SCHEDULE = { name: "recon.pull-due", intervalMs: 15 * 60_000 };

/** "HH:MM" and the calendar day of an instant in a time zone. */
function localParts(at: Date, timeZone: string): { day: string; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { day: `${get("year")}-${get("month")}-${get("day")}`, minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Every 15 minutes: once the business clock has passed RECON_PULL_AT, yesterday's pull is enqueued for each
 * pullable provider that has no completed import of that day yet — once per provider and day (dedupe key);
 * the job runner retries it.
 */
export async function enqueueDuePulls(db: Db, env: Env, now: Date): Promise<{ enqueued: number }> {
  const { day, minutes } = localParts(now, env.BUSINESS_TIMEZONE);
  const [h, m] = env.RECON_PULL_AT.split(":").map(Number);
  if (minutes < h! * 60 + m!) return { enqueued: 0 };
  const date = previousDay(day);
  let enqueued = 0;
  for (const provider of pullableProviders(env)) {
    const [done] = await db
      .select({ id: statementImports.id })
      .from(statementImports)
      .where(and(eq(statementImports.provider, provider), eq(statementImports.businessDate, date), eq(statementImports.status, "completed")));
    if (done) continue;
    if ((await enqueue(db, pullStatementJob, { provider, date }, { dedupeKey: `recon.pull:${provider}:${date}` })) !== null) enqueued++;
  }
  return { enqueued };
}

export const pullDueJob = defineJob<{ schedule?: string }>({
  type: "recon.pull-due",
  retrySchedule: () => [],
  run: async ({ db }) => enqueueDuePulls(db, getEnv(), new Date()),
});

export async function ensureReconPullSchedule(db: Db): Promise<void> {
  await ensureSchedule(db, RECON_PULL_SCHEDULE.name, pullDueJob.type, RECON_PULL_SCHEDULE.intervalMs);
}
