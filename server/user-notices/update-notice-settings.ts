import "server-only";
import type { Db } from "@/db/client";
import { userNoticeSettings } from "@/db/schema";
import type { NoticeChannel } from "@/lib/user-notices";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { getNoticeSettings, type NoticeSettings } from "./get-notice-settings";

export interface NoticeSettingsInput {
  /** Null: back to NOTICE_AFTER from env. */
  noticeAfterMs: number | null;
  quietStart: string;
  quietEnd: string;
  ratePerDay: number;
  channels: NoticeChannel[];
  autoDetect: boolean;
}

export async function updateNoticeSettings(db: Db, input: NoticeSettingsInput, actor: Actor): Promise<NoticeSettings> {
  await db.transaction(async (tx) => {
    const before = await getNoticeSettings(tx);
    const values = { ...input, channels: [...new Set(input.channels)], updatedBy: actor.label };
    await tx.insert(userNoticeSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: userNoticeSettings.id, set: values });
    const { configured: _c, updatedAt: _u, updatedBy: _b, noticeAfterFromEnv: _e, ...kept } = before;
    await writeAudit(tx, actor, { action: "user_notice.settings_update", entityType: "user_notice_settings", entityId: "1", before: kept, after: input });
  });
  return getNoticeSettings(db);
}
