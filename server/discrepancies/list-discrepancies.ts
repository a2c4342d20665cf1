import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { DiscrepancyStatus, DiscrepancyType, Provider } from "@/lib/enums";
import { discrepancies, type Discrepancy } from "@/db/schema";

export interface ListDiscrepanciesInput {
  status?: DiscrepancyStatus;
  type?: DiscrepancyType;
  provider?: Provider;
  orderNo?: string;
  limit?: number;
}

/** Reconciliation list: open items by default, riskiest first, then newest. */
export async function listDiscrepancies(db: Db, input: ListDiscrepanciesInput = {}): Promise<Discrepancy[]> {
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  return db
    .select()
    .from(discrepancies)
    .where(
      and(
        eq(discrepancies.status, input.status ?? "open"),
        input.type ? eq(discrepancies.type, input.type) : undefined,
        input.provider ? eq(discrepancies.provider, input.provider) : undefined,
        input.orderNo ? eq(discrepancies.orderNo, input.orderNo) : undefined,
      ),
    )
    .orderBy(sql`case ${discrepancies.risk} when 'high' then 0 when 'medium' then 1 else 2 end`, desc(discrepancies.detectedAt))
    .limit(limit);
}
