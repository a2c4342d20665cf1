import "server-only";
import { and, eq, getTableColumns, gte, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { DiscrepancyStatus, DiscrepancyType, Provider, RiskLevel } from "@/lib/enums";
import { discrepancies, users, type Discrepancy } from "@/db/schema";
import { keyset, type KeysetPage, type KeysetSort } from "@/server/lib/keyset";

/** Who an item is assigned to: a user id, or nobody. "me" is resolved to the caller's id by the router. */
export type AssigneeFilter = { kind: "nobody" } | { kind: "user"; id: string };

export interface DiscrepancyFilters {
  /** One status, or every status ("all"); open by default. */
  status?: DiscrepancyStatus | "all";
  type?: DiscrepancyType;
  risk?: RiskLevel;
  provider?: Provider;
  /** Statement day (business time zone) from / to, inclusive, 'YYYY-MM-DD'; items without one use the day they were detected. */
  dateFrom?: string;
  dateTo?: string;
  /** Range of differenceMinor (the amount at stake), inclusive, minor units. */
  amountMinMinor?: number;
  amountMaxMinor?: number;
  assignee?: AssigneeFilter;
  /** An order no or a provider transaction id, exactly. */
  q?: string;
  /** IANA zone of the business day (BUSINESS_TIMEZONE), for the detectedAt fallback of the date range. */
  timeZone?: string;
}

export interface ListDiscrepanciesInput extends DiscrepancyFilters {
  /** Opaque keyset cursor from the previous page's nextCursor. */
  cursor?: string;
  limit?: number;
}

export type DiscrepancyListRow = Discrepancy & { assigneeEmail: string | null };

/**
 * high 2, medium 1, low 0: "riskiest first, then most money at stake" becomes one direction (all
 * descending), which a row comparison and discrepancies_status_risk_rank_difference_id_idx (the same
 * expressions) can serve. The index definition in db/schema/discrepancies.ts must repeat them exactly.
 */
export const riskRank = sql`(case ${discrepancies.risk} when 'high' then 2 when 'medium' then 1 else 0 end)`;
export const amountAtStake = sql`coalesce(${discrepancies.differenceMinor}, 0)`;

/** Priority (lib/recon.ts priorityOf): risk, then the amount at stake, then the newest id. */
export const discrepanciesByPriority: KeysetSort = {
  name: "discrepancies.priority",
  keys: [
    { expr: riskRank, kind: "bigint" },
    { expr: amountAtStake, kind: "bigint" },
    { expr: discrepancies.id, kind: "bigint" },
  ],
  direction: "desc",
};

/** The statement day of an item: its businessDate, else the business-zone day it was detected. */
function businessDay(timeZone: string): SQL {
  return sql`coalesce(${discrepancies.businessDate}, (${discrepancies.detectedAt} at time zone ${timeZone})::date)`;
}

/** The WHERE of the workbench list; the export applies the very same filters. */
export function discrepancyWhere(f: DiscrepancyFilters): SQL | undefined {
  const status = f.status ?? "open";
  const day = businessDay(f.timeZone ?? "Asia/Shanghai");
  const q = f.q?.trim();
  return and(
    status === "all" ? undefined : eq(discrepancies.status, status),
    f.type ? eq(discrepancies.type, f.type) : undefined,
    f.risk ? eq(discrepancies.risk, f.risk) : undefined,
    f.provider ? eq(discrepancies.provider, f.provider) : undefined,
    f.dateFrom ? sql`${day} >= ${f.dateFrom}::date` : undefined,
    f.dateTo ? sql`${day} <= ${f.dateTo}::date` : undefined,
    f.amountMinMinor !== undefined ? gte(amountAtStake, f.amountMinMinor) : undefined,
    f.amountMaxMinor !== undefined ? lte(amountAtStake, f.amountMaxMinor) : undefined,
    f.assignee?.kind === "nobody" ? isNull(discrepancies.assigneeId) : undefined,
    f.assignee?.kind === "user" ? eq(discrepancies.assigneeId, f.assignee.id) : undefined,
    q ? or(eq(discrepancies.orderNo, q), eq(discrepancies.providerTransactionId, q)) : undefined,
  );
}

/** The reconciliation workbench list: open items by default, by priority (riskiest, then most at stake). */
export async function listDiscrepancies(db: Db, input: ListDiscrepanciesInput = {}): Promise<KeysetPage<DiscrepancyListRow>> {
  const ks = keyset(discrepanciesByPriority, input.cursor, input.limit);
  const rows = await db
    .select({ ...getTableColumns(discrepancies), assigneeEmail: users.email, ...ks.select })
    .from(discrepancies)
    .leftJoin(users, eq(users.id, discrepancies.assigneeId))
    .where(and(discrepancyWhere(input), ks.where))
    .orderBy(...ks.orderBy)
    .limit(ks.limit);
  return ks.page(rows);
}
