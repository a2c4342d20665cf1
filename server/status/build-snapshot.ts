import "server-only";
import { createHash } from "node:crypto";
import { asc, desc, gte, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statusComponents, statusNotices, statusNoticeUpdates } from "@/db/schema";
import type { Locale } from "@/lib/i18n/locale";
import { LOCALES } from "@/lib/i18n/locale";
import { HISTORY_DAYS, indicatorFor, NOTICE_SEVERITIES, type ComponentState, type Indicator, type Localized } from "@/lib/status";
import en from "@/messages/en/statusPage.json";
import zh from "@/messages/zh-CN/statusPage.json";
import { componentHistory, componentStates, isInEffect, type DayBar } from "./component-states";
import { ensureStatusComponents } from "./ensure-status-components";
import { toNoticeView, toUpdateView, type NoticeView, type UpdateView } from "./present-notice";

/** Newest notices in the feed (and the most the snapshot keeps beyond the open ones and the history window). */
export const FEED_SIZE = 50;
/** Resolved notices listed under "recently resolved" on the page. */
export const RECENT_SIZE = 10;

export interface SnapshotComponent {
  key: string;
  name: Localized;
  state: ComponentState;
  position: number;
  history: DayBar[];
}

export interface SnapshotNotice extends NoticeView {
  /** Oldest first. */
  updates: UpdateView[];
}

export interface PublicBanner {
  id: number;
  severity: NoticeView["severity"];
  title: string;
  body: string;
  updatedAt: string;
  url: string;
}

/** GET /api/status's body (api.md), strings in one locale. */
export interface PublicStatus {
  page: { name: string; url: string };
  updatedAt: string;
  status: { indicator: Indicator; description: string };
  components: { key: string; name: string; state: ComponentState }[];
  banner: PublicBanner | null;
}

export interface Snapshot {
  builtAt: Date;
  /** The last change in the data (stable across reloads that find nothing new). */
  updatedAt: Date;
  indicator: Indicator;
  components: SnapshotComponent[];
  /** Notices in effect now: open incidents, maintenance running. Worst severity first, then newest. */
  active: SnapshotNotice[];
  /** Announced maintenance not yet running, soonest first. */
  scheduled: SnapshotNotice[];
  /** Closed notices, newest first. */
  recent: SnapshotNotice[];
  /** The newest FEED_SIZE notices, newest first. */
  feed: SnapshotNotice[];
  /** The API's JSON, serialised once per locale, with its ETag. */
  api: Record<Locale, { json: PublicStatus; body: string; etag: string }>;
}

const DESCRIPTIONS: Record<Locale, Record<Indicator, string>> = { "zh-CN": zh.indicator, en: en.indicator };
const PAGE_NAMES: Record<Locale, string> = { "zh-CN": zh.pageName, en: en.pageName };
const severityRank = (s: NoticeView["severity"]) => NOTICE_SEVERITIES.indexOf(s);

/** Reads everything the public page, the API, the banner and the feed show, in four queries. */
export async function buildSnapshot(db: Db, opts: { now: Date; appUrl: string; timeZone: string }): Promise<Snapshot> {
  const { now } = opts;
  await ensureStatusComponents(db);
  const historyFrom = new Date(now.getTime() - (HISTORY_DAYS + 1) * 86_400_000);
  const [components, newest, open] = await Promise.all([
    db.select().from(statusComponents).orderBy(asc(statusComponents.position), asc(statusComponents.key)),
    db.select().from(statusNotices).orderBy(desc(statusNotices.startedAt), desc(statusNotices.id)).limit(FEED_SIZE),
    db
      .select()
      .from(statusNotices)
      .where(or(isNull(statusNotices.resolvedAt), gte(statusNotices.resolvedAt, historyFrom))),
  ]);
  const rows = new Map([...newest, ...open].map((r) => [r.id, r]));
  const ids = [...rows.keys()];
  const updates = ids.length === 0 ? [] : await db.select().from(statusNoticeUpdates).where(inArray(statusNoticeUpdates.noticeId, ids)).orderBy(asc(statusNoticeUpdates.at), asc(statusNoticeUpdates.id));
  const notices: SnapshotNotice[] = [...rows.values()].map((r) => ({ ...toNoticeView(r), updates: updates.filter((u) => u.noticeId === r.id).map(toUpdateView) }));

  const keys = components.map((c) => c.key);
  const states = componentStates(keys, notices, now);
  const history = componentHistory(keys, notices, now, HISTORY_DAYS, opts.timeZone);
  const snapComponents = components.map((c) => ({ key: c.key, name: c.name, state: states[c.key]!, position: c.position, history: history[c.key]! }));
  const indicator = indicatorFor(snapComponents.map((c) => c.state));

  const byNewest = (a: SnapshotNotice, b: SnapshotNotice) => b.startedAt.getTime() - a.startedAt.getTime() || b.id - a.id;
  const active = notices.filter((n) => isInEffect(n, now)).sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id);
  // Upcoming maintenance: announced and not started. One whose window ran out without anybody closing it is
  // not "upcoming" any more (the console's notice list still shows it open, for ops to close).
  const windowOver = (n: SnapshotNotice) => n.status === "scheduled" && n.scheduledUntil !== null && n.scheduledUntil <= now;
  const scheduled = notices
    .filter((n) => n.resolvedAt === null && n.kind === "maintenance" && !isInEffect(n, now) && !windowOver(n))
    .sort((a, b) => (a.scheduledFor?.getTime() ?? 0) - (b.scheduledFor?.getTime() ?? 0) || a.id - b.id);
  const recent = notices
    .filter((n) => n.resolvedAt !== null)
    .sort((a, b) => b.resolvedAt!.getTime() - a.resolvedAt!.getTime() || b.id - a.id)
    .slice(0, RECENT_SIZE);
  const feed = notices.sort(byNewest).slice(0, FEED_SIZE);
  const updatedAt = new Date(Math.max(0, ...notices.map((n) => n.updatedAt.getTime()), ...components.map((c) => c.updatedAt.getTime())));

  const pageUrl = `${opts.appUrl.replace(/\/$/, "")}/status`;
  const top = active[0];
  const api = Object.fromEntries(
    LOCALES.map((locale) => {
      const json: PublicStatus = {
        page: { name: PAGE_NAMES[locale], url: pageUrl },
        updatedAt: updatedAt.toISOString(),
        status: { indicator, description: DESCRIPTIONS[locale][indicator] },
        components: snapComponents.map((c) => ({ key: c.key, name: c.name[locale], state: c.state })),
        banner: top
          ? { id: top.id, severity: top.severity, title: top.title[locale], body: top.body[locale], updatedAt: top.updatedAt.toISOString(), url: `${pageUrl}#notice-${top.id}` }
          : null,
      };
      const body = JSON.stringify(json);
      const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
      return [locale, { json, body, etag }];
    }),
  ) as Snapshot["api"];

  return { builtAt: now, updatedAt, indicator, components: snapComponents, active, scheduled, recent, feed, api };
}
