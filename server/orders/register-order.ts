import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { PROVIDERS } from "@/lib/enums";
import { orders, type Order } from "@/db/schema";
import { systemActor, writeAudit } from "@/server/audit/write-audit";
import { processInboxApplier, requeueWaitingMessages } from "@/server/callbacks/inbox-applier";
import { getEnv } from "@/server/env";
import { scheduleFirstStatusQuery } from "@/server/janitor/schedule-status-query";
import { ConflictError, ValidationError } from "@/server/lib/errors";
import { isCurrencyCode } from "@/lib/money";

// PostgreSQL text cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8: either would fail the
// insert (a 500) instead of being the client's 400. Control characters have no business in these fields.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = () =>
  z
    .string()
    .refine((v) => !LONE_SURROGATE.test(v), "contains a lone surrogate (invalid Unicode)")
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "contains NUL or control characters");

export const registerOrderInput = z.object({
  orderNo: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_\-*]+$/, "letters, digits, _ - * only"),
  userId: text().min(1).max(128),
  userPhone: z
    .string()
    .regex(/^\+?[0-9\- ]{5,20}$/, "not a phone number")
    .optional(),
  amountMinor: z.number().int("must be an integer of minor units").positive().refine(Number.isSafeInteger, "too large"),
  currency: z
    .string()
    .default("CNY")
    .transform((c) => c.toUpperCase())
    .refine(isCurrencyCode, "must be an ISO-4217 currency code in use (e.g. CNY, USD, JPY)"),
  provider: z.enum(PROVIDERS),
  subject: text().max(256).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type RegisterOrderInput = z.input<typeof registerOrderInput>;

const SAME_FIELDS = ["userId", "userPhone", "amountMinor", "currency", "provider", "subject"] as const;

/**
 * Registers an order from the merchant's backend. Idempotent on orderNo: the identical order again is
 * `created: false`; the same orderNo with different data is a conflict.
 */
export async function registerOrder(db: Db, raw: RegisterOrderInput): Promise<{ order: Order; created: boolean }> {
  const parsed = registerOrderInput.safeParse(raw);
  if (!parsed.success) throw new ValidationError("invalid order", { fields: z.flattenError(parsed.error).fieldErrors });
  const input = parsed.data;
  const values = {
    orderNo: input.orderNo,
    userId: input.userId,
    userPhone: input.userPhone ?? null,
    amountMinor: input.amountMinor,
    currency: input.currency,
    provider: input.provider,
    subject: input.subject ?? null,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
  };
  const inserted = await db.transaction(async (tx) => {
    const [order] = await tx.insert(orders).values(values).onConflictDoNothing({ target: orders.orderNo }).returning();
    if (!order) return undefined;
    await writeAudit(tx, systemActor("merchant-api"), { action: "order.create", entityType: "order", entityId: order.orderNo, after: values });
    await scheduleFirstStatusQuery(tx, order, getEnv());
    // Callbacks that arrived before the order (stored, acknowledged, waiting): back into the inbox.
    await requeueWaitingMessages(tx, order.orderNo);
    return order;
  });
  if (inserted) {
    processInboxApplier(db)?.kick();
    return { order: inserted, created: true };
  }

  const [existing] = await db.select().from(orders).where(eq(orders.orderNo, input.orderNo));
  if (!existing) throw new ConflictError(`order ${input.orderNo} could not be registered`);
  const differs = SAME_FIELDS.filter((k) => existing[k] !== values[k]);
  const sameExpiry = (existing.expiresAt?.getTime() ?? null) === (values.expiresAt?.getTime() ?? null);
  if (differs.length > 0 || !sameExpiry) {
    throw new ConflictError(`order ${input.orderNo} already exists with different data`, {
      fields: [...differs, ...(sameExpiry ? [] : ["expiresAt"])],
    });
  }
  return { order: existing, created: false };
}
