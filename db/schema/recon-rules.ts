import { boolean, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import type { RepairRuleKey } from "@/lib/recon-rules";
import { timestamps } from "./_columns";

/**
 * Reconciliation's auto-repair rules (issue 11), switched and tuned by finance/admin. One row per rule key;
 * the defaults are inserted lazily (server/recon/rules/repair-rules.ts ensureRepairRules), so a fresh
 * database and an old one read the same rules.
 */
export const reconRules = pgTable("recon_rules", {
  key: text().$type<RepairRuleKey>().primaryKey(),
  enabled: boolean().notNull(),
  /** Per rule: refund_duplicate { maxAutoRefundMinor }, write_off { maxMinor } (lib/recon-rules.ts). */
  params: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  /** Who changed it last (label: "Fang Li (finance)", or "system" for the lazy defaults). */
  updatedBy: text(),
  ...timestamps,
});

export type ReconRule = typeof reconRules.$inferSelect;
