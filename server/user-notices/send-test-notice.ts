import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { userNoticeDeliveries } from "@/db/schema";
import type { Locale } from "@/lib/i18n/locale";
import { PUSH_TITLES, renderTemplate, smsText, unknownVariables, type NoticeChannel, type NoticeDeliveryStatus, type TemplateKey } from "@/lib/user-notices";
import { maskPhone } from "@/server/auth/mask-phone";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { getEnv } from "@/server/env";
import { maskUserRef } from "@/server/incidents/list-affected-orders";
import { ValidationError } from "@/server/lib/errors";
import { loadTemplateBook } from "./load-templates";
import { sendOnChannel } from "./send-on-channel";
import { SAMPLE_ORDER, templateSamples } from "./template-samples";

export interface TestNoticeInput {
  templateKey: TemplateKey;
  channel: NoticeChannel;
  locale: Locale;
  /** SMS: a phone number; push: a user id the push service knows. */
  target: string;
  /** A draft not saved yet; the saved (or default) template otherwise. */
  body?: string;
}

/** A test send from the template editor: rendered with the sample order, sent once, logged (no notice). */
export async function sendTestNotice(db: Db, input: TestNoticeInput, actor: Actor, now = new Date()): Promise<{ deliveryId: number; status: NoticeDeliveryStatus; error: string | null }> {
  const body = input.body ?? (await loadTemplateBook(db))(input.templateKey, input.channel, input.locale);
  if (unknownVariables(body).length > 0) throw new ValidationError(`unknown variables: ${unknownVariables(body).join(", ")}`);
  if (input.channel === "sms" && input.target.replace(/\D/g, "").length < 6) throw new ValidationError("not a phone number");
  const text = renderTemplate(body, templateSamples()[input.templateKey][input.locale]);
  const idempotencyKey = `test:${input.channel}:${randomUUID()}`;
  const targetMasked = input.channel === "sms" ? maskPhone(input.target)! : maskUserRef(input.target, null);
  const d = await db.transaction(async (tx) => {
    const [row] = await tx.insert(userNoticeDeliveries).values({ channel: input.channel, targetMasked, idempotencyKey, text, attempts: 1, createdAt: now, updatedAt: now }).returning();
    await writeAudit(tx, actor, { action: "user_notice.send_test", entityType: "user_notice_delivery", entityId: String(row!.id), after: { channel: input.channel, templateKey: input.templateKey, locale: input.locale, target: targetMasked } });
    return row!;
  });
  const outcome = await sendOnChannel(
    getEnv(),
    input.channel,
    {
      target: input.target,
      idempotencyKey,
      smsText: smsText(text, input.locale),
      push: { userId: input.target, orderNo: SAMPLE_ORDER.orderNo, situation: input.templateKey, kind: "test", locale: input.locale, title: PUSH_TITLES[input.templateKey][input.locale], body: text, link: null },
    },
    now,
  );
  // Tried once: the person is looking at the page for the answer.
  const status: NoticeDeliveryStatus = outcome.ok ? "sent" : "failed";
  await db
    .update(userNoticeDeliveries)
    .set(outcome.ok ? { status, sentAt: now, providerMessageId: outcome.providerMessageId } : { status, lastErrorCode: outcome.code, lastError: outcome.error.slice(0, 500), uncertain: outcome.uncertain })
    .where(eq(userNoticeDeliveries.id, d.id));
  return { deliveryId: d.id, status, error: outcome.ok ? null : outcome.code };
}
