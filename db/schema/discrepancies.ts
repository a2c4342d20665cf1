import { sql } from "drizzle-orm";
import { bigint, bigserial, char, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DiscrepancyStatus, DiscrepancyType, Provider, RiskLevel } from "@/lib/enums";
import { timestamps } from "./_columns";

export const discrepancies = pgTable(
  "discrepancies",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    type: text().$type<DiscrepancyType>().notNull(),
    risk: text().$type<RiskLevel>().notNull(),
    status: text().$type<DiscrepancyStatus>().notNull().default("open"),
    provider: text().$type<Provider>().notNull(),
    orderNo: text().notNull(),
    providerTransactionId: text(),
    expectedAmountMinor: bigint({ mode: "number" }),
    actualAmountMinor: bigint({ mode: "number" }),
    currency: char({ length: 3 }),
    ourFacts: jsonb().notNull(),
    providerFacts: jsonb().notNull(),
    callbackEventId: bigint({ mode: "number" }),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid(),
    resolution: text(),
    ...timestamps,
  },
  (t) => [
    // one discrepancy per provider transaction and type, however often the provider repeats it
    uniqueIndex("discrepancies_provider_transaction_type_idx").on(t.provider, t.providerTransactionId, t.type),
    // console list of open items, riskiest and newest first
    index("discrepancies_open_detected_at_idx").on(t.risk, t.detectedAt).where(sql`${t.status} = 'open'`),
    // order page
    index("discrepancies_order_no_idx").on(t.orderNo),
  ],
);

export type Discrepancy = typeof discrepancies.$inferSelect;
export type ProviderFacts = Record<string, unknown>;
