import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { userNoticeOptOuts } from "@/db/schema";
import { maskPhone } from "@/server/auth/mask-phone";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { maskUserRef } from "@/server/incidents/list-affected-orders";
import { NotFoundError, ValidationError } from "@/server/lib/errors";
import { phoneHash } from "./is-opted-out";

export interface OptOutView {
  id: number;
  userRef: string | null;
  phone: string | null;
  source: string;
  createdBy: string;
  createdAt: Date;
}

export async function listOptOuts(db: Db): Promise<OptOutView[]> {
  const rows = await db.select().from(userNoticeOptOuts).orderBy(desc(userNoticeOptOuts.id)).limit(500);
  return rows.map((r) => ({ id: r.id, userRef: r.userId ? maskUserRef(r.userId, null) : null, phone: r.phoneMasked, source: r.source, createdBy: r.createdBy, createdAt: r.createdAt }));
}

/** Stops notices to a user (by id) and/or a phone; idempotent (the unique indexes). */
export async function addOptOut(db: Db, input: { userId?: string; phone?: string; source?: "console" | "sms_reply" }, actor: Actor): Promise<void> {
  const userId = input.userId?.trim() || null;
  const phone = input.phone?.trim() || null;
  if (!userId && !phone) throw new ValidationError("a user id or a phone number is needed");
  if (phone && phone.replace(/\D/g, "").length < 6) throw new ValidationError("not a phone number");
  await db.transaction(async (tx) => {
    const values = { source: input.source ?? "console", createdBy: actor.label };
    if (userId) await tx.insert(userNoticeOptOuts).values({ ...values, userId }).onConflictDoNothing();
    if (phone) await tx.insert(userNoticeOptOuts).values({ ...values, phoneHash: phoneHash(phone), phoneMasked: maskPhone(phone) }).onConflictDoNothing();
    await writeAudit(tx, actor, { action: "user_notice.opt_out", entityType: "user_notice_opt_out", entityId: userId ?? maskPhone(phone) ?? "", after: { userId, phone: maskPhone(phone) } });
  });
}

export async function removeOptOut(db: Db, id: number, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(userNoticeOptOuts).where(eq(userNoticeOptOuts.id, id)).returning();
    if (!row) throw new NotFoundError(`opt-out ${id} not found`);
    await writeAudit(tx, actor, { action: "user_notice.opt_in", entityType: "user_notice_opt_out", entityId: String(id), before: { userId: row.userId, phone: row.phoneMasked } });
  });
}
