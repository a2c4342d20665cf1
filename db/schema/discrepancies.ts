import { sql } from "drizzle-orm";
import { bigint, bigserial, char, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DiscrepancySource, DiscrepancyStatus, DiscrepancyType, Provider, RiskLevel } from "@/lib/enums";
import type { Reason } from "@/lib/reasons";
import { timestamps } from "./_columns";
import { users } from "./auth";
import { callbackEvents } from "./callbacks";
import { orders } from "./orders";
import { statementImports } from "./recon";

export const discrepancies = pgTable(
  "discrepancies",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    type: text().$type<DiscrepancyType>().notNull(),
    risk: text().$type<RiskLevel>().notNull(),
    status: text().$type<DiscrepancyStatus>().notNull().default("open"),
    provider: text().$type<Provider>().notNull(),
    // Null only for missing_internal: the provider took money for an order we do not hold (issue 11).
    orderNo: text().references(() => orders.orderNo, { onDelete: "restrict" }),
    providerTransactionId: text(),
    expectedAmountMinor: bigint({ mode: "number" }),
    actualAmountMinor: bigint({ mode: "number" }),
    currency: char({ length: 3 }),
    ourFacts: jsonb().notNull(),
    providerFacts: jsonb().notNull(),
    callbackEventId: bigint({ mode: "number" }).references(() => callbackEvents.id, { onDelete: "restrict" }),
    /** What was found, as a code with parameters (lib/reasons.ts), e.g. paid vs expected amount; null on older rows. */
    detailCoded: jsonb().$type<Reason>(),
    /** Where it was first found; a statement confirming a real-time finding sets statementImportId on the same row. */
    source: text().$type<DiscrepancySource>().notNull().default("realtime"),
    /** The statement import (and its line) that found or confirmed it; null until a statement has. */
    statementImportId: bigint({ mode: "number" }).references(() => statementImports.id, { onDelete: "restrict" }),
    statementLineNo: integer(),
    /** The provider's statement day (business time zone) the item belongs to. */
    businessDate: date({ mode: "string" }),
    /** The absolute difference in minor units, or the amount at stake for types with no counterpart. */
    differenceMinor: bigint({ mode: "number" }),
    /** status "waiting": closed automatically when the next statement brings the line, else open after this. */
    graceUntil: timestamp({ withTimezone: true }),
    assigneeId: uuid().references(() => users.id, { onDelete: "restrict" }),
    /** The auto-repair rule that resolved or wrote it off; null when a person did. */
    repairRule: text(),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id, { onDelete: "restrict" }),
    resolution: text(),
    ...timestamps,
  },
  (t) => [
    // one discrepancy per provider transaction and type, however often the provider repeats it
    uniqueIndex("discrepancies_provider_transaction_type_idx").on(t.provider, t.providerTransactionId, t.type),
    // workbench list by status, by priority: riskiest, then most at stake (keyset order; the expressions are
    // riskRank and amountAtStake in server/discrepancies/list-discrepancies.ts and must stay identical)
    index("discrepancies_status_risk_rank_difference_id_idx").on(
      t.status,
      sql`(case ${t.risk} when 'high' then 2 when 'medium' then 1 else 0 end) desc nulls last`,
      sql`coalesce(${t.differenceMinor}, 0) desc nulls last`,
      t.id.desc(),
    ),
    // order page
    index("discrepancies_order_no_idx").on(t.orderNo),
    // workbench and daily summary: one statement day of one provider
    index("discrepancies_business_date_provider_idx").on(t.businessDate, t.provider),
    // foreign-key check when the retention purge deletes callback events
    index("discrepancies_callback_event_id_idx").on(t.callbackEventId),
    // a corrected statement supersedes what its predecessor found; the import page lists an import's items
    index("discrepancies_statement_import_id_idx").on(t.statementImportId).where(sql`${t.statementImportId} is not null`),
  ],
);

export type Discrepancy = typeof discrepancies.$inferSelect;
export type ProviderFacts = Record<string, unknown>;
