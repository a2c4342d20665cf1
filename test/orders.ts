import type { Db } from "@/db/client";
import { orders } from "@/db/schema";

/**
 * Bare orders for fixtures that insert jobs, discrepancies or payment events directly: those rows reference
 * an order by number (foreign keys, docs/adr/0005-foreign-keys.md). Existing order numbers are left alone.
 */
export async function ensureOrders(db: Db, orderNos: string[]): Promise<void> {
  const unique = [...new Set(orderNos)];
  if (unique.length === 0) return;
  await db
    .insert(orders)
    .values(unique.map((orderNo) => ({ orderNo, userId: "fixture", amountMinor: 100, currency: "CNY", provider: "sandbox" as const })))
    .onConflictDoNothing();
}
