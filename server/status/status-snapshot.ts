import "server-only";
import { getDb, type Db } from "@/db/client";
import type { Locale } from "@/lib/i18n/locale";
import { getEnv } from "@/server/env";
import { log } from "@/server/lib/log";
import { perDb } from "@/server/lib/per-db";
import { buildSnapshot, type PublicBanner, type PublicStatus, type Snapshot } from "./build-snapshot";
import { createSnapshotCache } from "./snapshot-cache";

/**
 * Reloaded at most this often while read. With the 10 s s-maxage a CDN may add, a change published by
 * another process (the job worker's auto-publish) reaches readers within ~15 s worst case and within 5 s here.
 */
export const SNAPSHOT_MAX_AGE_MS = 5_000;

/**
 * One cache per database handle: a snapshot, or a reload still running, belongs to the database it reads. A
 * reload started against an earlier, since closed handle must never answer for, or be awaited by, a later one.
 */
const cacheFor = perDb((db) =>
  createSnapshotCache<Snapshot>({
    load: () => {
      const env = getEnv();
      return buildSnapshot(db, { now: new Date(), appUrl: env.APP_URL, timeZone: env.BUSINESS_TIMEZONE });
    },
    maxAgeMs: SNAPSHOT_MAX_AGE_MS,
    onError: (error) => log.error("status snapshot reload failed", { error }),
  }),
);

/** What /status, /api/status, the feed and the banner show: from memory, never a query per request. */
export async function getStatusSnapshot(): Promise<Snapshot> {
  return cacheFor(await getDb()).get();
}

/** After a publish or update through `db` in this process: readers see it as soon as the reload finishes. */
export function refreshStatusSnapshot(db: Db): Promise<void> {
  return cacheFor(db).invalidate();
}

/** GET /api/status's body in `locale`, pre-serialised with its ETag. */
export async function publicStatus(locale: Locale): Promise<{ json: PublicStatus; body: string; etag: string }> {
  return (await getStatusSnapshot()).api[locale];
}

/** The banner the React <StatusBanner> shows (the same object /api/status returns), without an HTTP hop. */
export async function bannerFor(locale: Locale): Promise<PublicBanner | null> {
  return (await publicStatus(locale)).json.banner;
}

export type { PublicBanner, PublicStatus, Snapshot };
