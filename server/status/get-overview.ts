import "server-only";
import type { Db } from "@/db/client";
import type { ComponentState, Indicator, Localized } from "@/lib/status";
import { getEnv } from "@/server/env";
import { buildSnapshot } from "./build-snapshot";
import type { NoticeView } from "./present-notice";
import { readAutoPublish } from "./set-auto-publish";

export interface StatusOverview {
  indicator: Indicator;
  components: { key: string; name: Localized; state: ComponentState; position: number }[];
  active: NoticeView[];
  scheduled: NoticeView[];
  autoPublish: boolean;
  publicUrl: string;
}

/** status.overview: what the public page shows now, read fresh from the database (the console must see its own change). */
export async function getStatusOverview(db: Db, opts: { now?: Date } = {}): Promise<StatusOverview> {
  const env = getEnv();
  const [snap, autoPublish] = await Promise.all([buildSnapshot(db, { now: opts.now ?? new Date(), appUrl: env.APP_URL, timeZone: env.BUSINESS_TIMEZONE }), readAutoPublish(db)]);
  const strip = ({ updates: _updates, ...view }: NoticeView & { updates: unknown }): NoticeView => view;
  return {
    indicator: snap.indicator,
    components: snap.components.map(({ key, name, state, position }) => ({ key, name, state, position })),
    active: snap.active.map(strip),
    scheduled: snap.scheduled.map(strip),
    autoPublish,
    publicUrl: snap.api.en.json.page.url,
  };
}
