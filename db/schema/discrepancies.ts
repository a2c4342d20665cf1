import { sql } from "drizzle-orm";
import { bigint, bigserial, char, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DiscrepancyStatus, DiscrepancyType, Provider, RiskLevel } from "@/lib/enums";
import type { Reason } from "@/lib/reasons";
import { timestamps } from "./_columns";
import { users } from "./auth";
import { callbackEvents } from "./callbacks";
import { orders } from "./orders";

export const discrepancies = pgTable(
  "discrepancies",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    type: text().$type<DiscrepancyType>().notNull(),
    risk: text().$type<RiskLevel>().notNull(),
    status: text().$type<DiscrepancyStatus>().notNull().default("open"),
    provider: text().$type<Provider>().notNull(),
    // Every discrepancy so far is about an order we hold (docs/adr/0005).
    orderNo: text()
      .notNull()
      .references(() => orders.orderNo, { onDelete: "restrict" }),
    providerTransactionId: text(),
    expectedAmountMinor: bigint({ mode: "number" }),
    actualAmountMinor: bigint({ mode: "number" }),
    currency: char({ length: 3 }),
    ourFacts: jsonb().notNull(),
    providerFacts: jsonb().notNull(),
    callbackEventId: bigint({ mode: "number" }).references(() => callbackEvents.id, { onDelete: "restrict" }),
    /** What was found, as a code with parameters (lib/reasons.ts), e.g. paid vs expected amount; null on older rows. */
    detailCoded: jsonb().$type<Reason>(),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id, { onDelete: "restrict" }),
    resolution: text(),
    ...timestamps,
  },
  (t) => [
    // one discrepancy per provider transaction and type, however often the provider repeats it
    uniqueIndex("discrepancies_provider_transaction_type_idx").on(t.provider, t.providerTransactionId, t.type),
    // console list by status, riskiest then newest first (keyset order; the expression is riskRank in
    // server/discrepancies/list-discrepancies.ts and must stay identical)
    index("discrepancies_status_risk_rank_detected_at_id_idx").on(
      t.status,
      sql`(case ${t.risk} when 'high' then 2 when 'medium' then 1 else 0 end) desc nulls last`,
      t.detectedAt.desc(),
      t.id.desc(),
    ),
    // order page
    index("discrepancies_order_no_idx").on(t.orderNo),
    // foreign-key check when the retention purge deletes callback events
    index("discrepancies_callback_event_id_idx").on(t.callbackEventId),
  ],
);

export type Discrepancy = typeof discrepancies.$inferSelect;
export type ProviderFacts = Record<string, unknown>;
