import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { DISCREPANCY_TYPES, RISK_LEVELS, type DiscrepancyType, type Provider, type RiskLevel } from "@/lib/enums";

type Amounts = { count: number; amountMinor: number };

/**
 * What counts as an exception of a day: not an item merely waiting inside its grace window, not one a
 * corrected file superseded, not a late payment the next statement carried. Report, summary and import
 * summary share this filter so the CLI and the workbench show the same numbers.
 */
const COUNTED = sql`d.status <> 'waiting' and coalesce(d.resolution, '') not like 'superseded%' and coalesce(d.resolution, '') not like 'carried%'`;

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

interface TypeRow {
  type: DiscrepancyType;
  risk: RiskLevel;
  count: string | number;
  amount: string | number | null;
  auto: string | number;
  open: string | number;
  waiting: string | number;
  closed: string | number;
}

async function byType(db: Db, where: SQL): Promise<TypeRow[]> {
  return rows<TypeRow>(
    db,
    sql`select d.type, d.risk,
          count(*) filter (where ${COUNTED}) as count,
          coalesce(sum(d.difference_minor) filter (where ${COUNTED}), 0) as amount,
          count(*) filter (where ${COUNTED} and d.repair_rule is not null) as auto,
          count(*) filter (where d.status = 'open') as open,
          count(*) filter (where d.status = 'waiting') as waiting,
          count(*) filter (where ${COUNTED} and d.status in ('resolved', 'written_off', 'ignored')) as closed
        from discrepancies d where ${where} group by d.type, d.risk`,
  );
}

function totals(list: TypeRow[]) {
  const discrepancies: Partial<Record<DiscrepancyType, Amounts>> = {};
  let autoRepaired = 0;
  let open = 0;
  for (const r of list) {
    const count = Number(r.count);
    autoRepaired += Number(r.auto);
    open += Number(r.open);
    if (count === 0) continue;
    const prev = discrepancies[r.type] ?? { count: 0, amountMinor: 0 };
    discrepancies[r.type] = { count: prev.count + count, amountMinor: prev.amountMinor + Number(r.amount) };
  }
  return { discrepancies, autoRepaired, open };
}

/** One import's numbers (ImportSummary). */
export async function importTotals(db: Db, importId: number) {
  const [imp] = await rows<{ statement_lines: number; matched: number; row_error_count: number }>(
    db,
    sql`select statement_lines, matched, row_error_count from statement_imports where id = ${importId}`,
  );
  const t = totals(await byType(db, sql`d.statement_import_id = ${importId}`));
  return { statementLines: imp?.statement_lines ?? 0, matched: imp?.matched ?? 0, rowErrors: imp?.row_error_count ?? 0, ...t };
}

export interface ReconReport {
  provider: Provider;
  date: string;
  statementLines: number;
  matched: number;
  discrepancies: Record<DiscrepancyType, Amounts>;
  autoRepaired: number;
  open: number;
}

/** `npm run recon:report`: one provider's statement day, in the issue's exact JSON shape. */
export async function reconReport(db: Db, input: { provider: Provider; date: string }): Promise<ReconReport> {
  const [imp] = await rows<{ statement_lines: number; matched: number }>(
    db,
    sql`select statement_lines, matched from statement_imports
        where provider = ${input.provider} and business_date = ${input.date} and status = 'completed'`,
  );
  const t = totals(await byType(db, sql`d.provider = ${input.provider} and d.business_date = ${input.date}`));
  const discrepancies = Object.fromEntries(DISCREPANCY_TYPES.map((type) => [type, t.discrepancies[type] ?? { count: 0, amountMinor: 0 }])) as Record<
    DiscrepancyType,
    Amounts
  >;
  return {
    provider: input.provider,
    date: input.date,
    statementLines: imp?.statement_lines ?? 0,
    matched: imp?.matched ?? 0,
    discrepancies,
    autoRepaired: t.autoRepaired,
    open: t.open,
  };
}

export interface DailySummary {
  date: string;
  provider: Provider | null;
  statementLines: number;
  matched: number;
  /** matched / statementLines, 0..1 (0 when there are no lines). */
  matchedRate: number;
  byType: { type: DiscrepancyType; risk: RiskLevel; count: number; amountMinor: number }[];
  byRisk: { risk: RiskLevel; count: number; amountMinor: number }[];
  autoRepaired: number;
  manual: number;
  open: number;
  waiting: number;
  closed: number;
  imports: number;
}

const RISK_ORDER: Record<RiskLevel, number> = { high: 0, medium: 1, low: 2 };

/** The workbench's daily summary: one day, all providers or one. */
export async function dailySummary(db: Db, input: { date: string; provider?: Provider }): Promise<DailySummary> {
  const providerFilter = input.provider ? sql`and provider = ${input.provider}` : sql``;
  const [imp] = await rows<{ lines: string | number; matched: string | number; imports: string | number }>(
    db,
    sql`select coalesce(sum(statement_lines), 0) as lines, coalesce(sum(matched), 0) as matched, count(*) as imports
        from statement_imports where business_date = ${input.date} and status = 'completed' ${providerFilter}`,
  );
  const list = await byType(db, sql`d.business_date = ${input.date} ${input.provider ? sql`and d.provider = ${input.provider}` : sql``}`);
  const types = new Map<DiscrepancyType, { type: DiscrepancyType; risk: RiskLevel; count: number; amountMinor: number }>();
  const risks = new Map<RiskLevel, { risk: RiskLevel; count: number; amountMinor: number }>(RISK_LEVELS.map((r) => [r, { risk: r, count: 0, amountMinor: 0 }]));
  let autoRepaired = 0;
  let closed = 0;
  let open = 0;
  let waiting = 0;
  for (const r of list) {
    const count = Number(r.count);
    const amount = Number(r.amount);
    autoRepaired += Number(r.auto);
    closed += Number(r.closed);
    open += Number(r.open);
    waiting += Number(r.waiting);
    if (count === 0) continue;
    const t = types.get(r.type) ?? { type: r.type, risk: r.risk, count: 0, amountMinor: 0 };
    if (RISK_ORDER[r.risk] < RISK_ORDER[t.risk]) t.risk = r.risk;
    t.count += count;
    t.amountMinor += amount;
    types.set(r.type, t);
    const k = risks.get(r.risk)!;
    k.count += count;
    k.amountMinor += amount;
  }
  const statementLines = Number(imp?.lines ?? 0);
  const matched = Number(imp?.matched ?? 0);
  return {
    date: input.date,
    provider: input.provider ?? null,
    statementLines,
    matched,
    matchedRate: statementLines === 0 ? 0 : matched / statementLines,
    byType: [...types.values()].sort((a, b) => RISK_ORDER[a.risk] - RISK_ORDER[b.risk] || b.amountMinor - a.amountMinor),
    byRisk: [...risks.values()],
    autoRepaired,
    manual: closed - autoRepaired,
    open,
    waiting,
    closed,
    imports: Number(imp?.imports ?? 0),
  };
}
