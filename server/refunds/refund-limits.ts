import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refundLimits } from "@/db/schema";
import { ROLES, type Role } from "@/lib/enums";
import { LIMIT_CURRENCY } from "@/lib/refunds";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { holds } from "@/server/auth/permissions";
import { ForbiddenError, ValidationError } from "@/server/lib/errors";

export interface RefundLimitRow {
  role: Role;
  /** The role holds refund.create at all (ops and managers do not refund whatever the table says). */
  mayRefund: boolean;
  singleMaxMinor: number | null;
  dailyMaxMinor: number | null;
  currency: string;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** Every role, in the roles' order, with its row (or none: that role may not refund alone). */
export async function listRefundLimits(db: Db): Promise<RefundLimitRow[]> {
  const rows = await db.select().from(refundLimits);
  return ROLES.map((role) => {
    const r = rows.find((x) => x.role === role);
    return { role, mayRefund: holds(role, "refund.create"), singleMaxMinor: r?.singleMaxMinor ?? null, dailyMaxMinor: r?.dailyMaxMinor ?? null, currency: r?.currency ?? LIMIT_CURRENCY, updatedBy: r?.updatedBy ?? null, updatedAt: r?.updatedAt ?? null };
  });
}

/** Admins set a role's single and daily ceilings (null = unlimited), audited with before and after. */
export async function setRefundLimit(db: Db, actor: Actor, input: { role: Role; singleMaxMinor: number | null; dailyMaxMinor: number | null }, now: Date = new Date()): Promise<RefundLimitRow[]> {
  if (!holds(actor.role, "refund.configure")) throw new ForbiddenError("you may not change refund limits");
  if (!holds(input.role, "refund.create")) throw new ValidationError(`${input.role} does not refund: no limit to set`);
  for (const v of [input.singleMaxMinor, input.dailyMaxMinor]) if (v !== null && (!Number.isSafeInteger(v) || v < 0)) throw new ValidationError("limits are whole, non-negative minor units");
  if (input.singleMaxMinor !== null && input.dailyMaxMinor !== null && input.singleMaxMinor > input.dailyMaxMinor) throw new ValidationError("the single limit cannot exceed the daily limit");
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(refundLimits).where(eq(refundLimits.role, input.role)).for("update");
    const values = { singleMaxMinor: input.singleMaxMinor, dailyMaxMinor: input.dailyMaxMinor, currency: LIMIT_CURRENCY, updatedBy: actor.label, updatedAt: now };
    await tx.insert(refundLimits).values({ role: input.role, ...values }).onConflictDoUpdate({ target: refundLimits.role, set: values });
    await writeAudit(tx, actor, {
      action: "refund.set_limit",
      entityType: "refund_limit",
      entityId: input.role,
      before: before ? { singleMaxMinor: before.singleMaxMinor, dailyMaxMinor: before.dailyMaxMinor } : null,
      after: { singleMaxMinor: input.singleMaxMinor, dailyMaxMinor: input.dailyMaxMinor },
    });
  });
  return listRefundLimits(db);
}
