import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { userNoticeSettings } from "@/db/schema";
import { NOTICE_CHANNELS, parseClock, type NoticeChannel } from "@/lib/user-notices";
import { getEnv } from "@/server/env";

export interface NoticeSettings {
  /** Effective wait before a paid, not updated order is noticed; `noticeAfterFromEnv` when not overridden. */
  noticeAfterMs: number;
  noticeAfterOverridden: boolean;
  noticeAfterFromEnv: number;
  quietStart: string;
  quietEnd: string;
  ratePerDay: number;
  channels: NoticeChannel[];
  autoDetect: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
  /** Which channels have a configuration (SMS adapter, push webhook): the rest log their deliveries as failed. */
  configured: Record<NoticeChannel, boolean>;
}

/** The settings row (id 1) over the defaults; a missing row is the defaults. */
export async function getNoticeSettings(db: Db): Promise<NoticeSettings> {
  const env = getEnv();
  const [row] = await db.select().from(userNoticeSettings).where(eq(userNoticeSettings.id, 1));
  const quietStart = row && parseClock(row.quietStart) !== null ? row.quietStart : "21:00";
  const quietEnd = row && parseClock(row.quietEnd) !== null ? row.quietEnd : "09:00";
  return {
    noticeAfterMs: row?.noticeAfterMs ?? env.NOTICE_AFTER,
    noticeAfterOverridden: row?.noticeAfterMs != null,
    noticeAfterFromEnv: env.NOTICE_AFTER,
    quietStart,
    quietEnd,
    ratePerDay: row?.ratePerDay ?? 3,
    channels: (row?.channels ?? ["sms", "push"]).filter((c): c is NoticeChannel => (NOTICE_CHANNELS as readonly string[]).includes(c)),
    autoDetect: row?.autoDetect ?? true,
    updatedBy: row?.updatedBy ?? null,
    updatedAt: row ? row.updatedAt : null,
    configured: { sms: Boolean(env.ALERT_SMS_PROVIDER), push: Boolean(env.USER_PUSH_WEBHOOK_URL) },
  };
}
