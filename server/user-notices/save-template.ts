import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { userNoticeTemplates } from "@/db/schema";
import type { Locale } from "@/lib/i18n/locale";
import { DEFAULT_TEMPLATES, unknownVariables, type NoticeChannel, type TemplateKey } from "@/lib/user-notices";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ValidationError } from "@/server/lib/errors";

/** Saves ops' wording (an upsert on key × channel × locale); `body: null` goes back to the shipped default. */
export async function saveTemplate(db: Db, input: { templateKey: TemplateKey; channel: NoticeChannel; locale: Locale; body: string | null }, actor: Actor): Promise<void> {
  const { templateKey, channel, locale } = input;
  const body = input.body?.trim() ?? null;
  if (body !== null) {
    const unknown = unknownVariables(body);
    if (unknown.length > 0) throw new ValidationError(`unknown variables: ${unknown.map((n) => `{${n}}`).join(", ")}`);
  }
  await db.transaction(async (tx) => {
    const where = and(eq(userNoticeTemplates.templateKey, templateKey), eq(userNoticeTemplates.channel, channel), eq(userNoticeTemplates.locale, locale));
    const [before] = await tx.select({ body: userNoticeTemplates.body }).from(userNoticeTemplates).where(where);
    if (body === null || body === DEFAULT_TEMPLATES[templateKey][channel][locale]) {
      await tx.delete(userNoticeTemplates).where(where);
    } else {
      await tx
        .insert(userNoticeTemplates)
        .values({ templateKey, channel, locale, body, updatedBy: actor.label })
        .onConflictDoUpdate({ target: [userNoticeTemplates.templateKey, userNoticeTemplates.channel, userNoticeTemplates.locale], set: { body, updatedBy: actor.label } });
    }
    await writeAudit(tx, actor, {
      action: "user_notice.template_save",
      entityType: "user_notice_template",
      entityId: `${templateKey}:${channel}:${locale}`,
      before: { body: before?.body ?? DEFAULT_TEMPLATES[templateKey][channel][locale] },
      after: { body: body ?? DEFAULT_TEMPLATES[templateKey][channel][locale] },
    });
  });
}
