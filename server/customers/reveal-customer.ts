import "server-only";
import { desc, eq, isNotNull, and } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders } from "@/db/schema";
import { REVEAL_REASONS, type RevealReason } from "@/lib/customers";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { NotFoundError, ValidationError } from "@/server/lib/errors";

/**
 * A customer's phone numbers in full, for an agent who must call back or check an identity: a reason code
 * and a note are required and go into the audit log (who, when, whose number, why) before the numbers are
 * returned, in the same transaction: no unaudited reveal.
 */
export async function revealCustomer(db: Db, actor: Actor, input: { userId: string; reason: RevealReason; note: string }): Promise<{ phones: string[] }> {
  const note = input.note.trim();
  if (!REVEAL_REASONS.includes(input.reason)) throw new ValidationError("unknown reason");
  if (note.length < 5) throw new ValidationError("give a reason (at least 5 characters) for unmasking personal data");
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ phone: orders.userPhone })
      .from(orders)
      .where(and(eq(orders.userId, input.userId), isNotNull(orders.userPhone)))
      .orderBy(desc(orders.createdAt))
      .limit(50);
    const [known] = rows.length ? [true] : await tx.select({ id: orders.id }).from(orders).where(eq(orders.userId, input.userId)).limit(1);
    if (!known) throw new NotFoundError("customer not found");
    const phones = [...new Set(rows.map((r) => r.phone).filter((p): p is string => p !== null))].slice(0, 5);
    await writeAudit(tx, actor, { action: "customer.reveal", entityType: "customer", entityId: input.userId, after: { reason: input.reason, note: note.slice(0, 500), count: phones.length } });
    return { phones };
  });
}
