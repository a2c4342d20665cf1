import "server-only";
import { and, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { DiscrepancyStatus, DiscrepancyType, Provider } from "@/lib/enums";
import { discrepancies, type Discrepancy } from "@/db/schema";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";

export interface ListDiscrepanciesInput {
  status?: DiscrepancyStatus;
  type?: DiscrepancyType;
  provider?: Provider;
  orderNo?: string;
  /** Opaque keyset cursor from the previous page's nextCursor. */
  cursor?: string;
  limit?: number;
}

/**
 * high 2, medium 1, low 0: "riskiest first, then newest" becomes one direction (all descending), which a
 * row comparison and discrepancies_status_risk_rank_detected_at_id_idx (the same expression) can serve.
 * The index definition in db/schema/discrepancies.ts must repeat this expression exactly.
 */
export const riskRank = sql`(case ${discrepancies.risk} when 'high' then 2 when 'medium' then 1 else 0 end)`;

export const discrepanciesRiskiestFirst: KeysetSort = {
  name: "discrepancies.risk",
  keys: [
    { expr: riskRank, kind: "bigint" },
    { expr: discrepancies.detectedAt, kind: "timestamptz" },
    { expr: discrepancies.id, kind: "bigint" },
  ],
  direction: "desc",
};

/** Reconciliation list: open items by default, riskiest first, then newest. */
export async function listDiscrepancies(db: Db, input: ListDiscrepanciesInput = {}): Promise<KeysetPage<Discrepancy>> {
  const ks = keyset(discrepanciesRiskiestFirst, input.cursor, input.limit);
  const rows = await db
    .select({ ...getTableColumns(discrepancies), ...ks.select })
    .from(discrepancies)
    .where(
      and(
        eq(discrepancies.status, input.status ?? "open"),
        input.type ? eq(discrepancies.type, input.type) : undefined,
        input.provider ? eq(discrepancies.provider, input.provider) : undefined,
        input.orderNo ? eq(discrepancies.orderNo, input.orderNo) : undefined,
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  return ks.page(rows);
}
