import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, char, date, index, integer, json, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Provider } from "@/lib/enums";
import { timestamps } from "./_columns";
import { users } from "./auth";

export type StatementImportSource = "upload" | "cli" | "pull" | "demo";
export type StatementImportStatus = "processing" | "completed" | "failed" | "superseded";
/** How a statement line compares with our books: matched = agrees; discrepancy = a finding; ignored = not a success line. */
export type StatementLineMatch = "pending" | "matched" | "discrepancy" | "ignored";

/** One provider statement file for one business day (issue 11). Kept for ever with its hash and counts. */
export const statementImports = pgTable(
  "statement_imports",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    provider: text().$type<Provider>().notNull(),
    /** The statement day, business time zone; null while the lines are loading and no date was given. */
    businessDate: date({ mode: "string" }),
    fileName: text().notNull(),
    /** sha256 of the file bytes (hex), computed while streaming. */
    fileSha256: text(),
    sizeBytes: bigint({ mode: "number" }).notNull().default(0),
    source: text().$type<StatementImportSource>().notNull(),
    status: text().$type<StatementImportStatus>().notNull().default("processing"),
    /** Payment lines (headers, summaries, comments never count). */
    statementLines: integer().notNull().default(0),
    payments: integer().notNull().default(0),
    refunds: integer().notNull().default(0),
    matched: integer().notNull().default(0),
    discrepancies: integer().notNull().default(0),
    rowErrorCount: integer().notNull().default(0),
    /** The first 200 row errors: { lineNo, message, raw }. */
    rowErrors: jsonb().$type<{ lineNo: number; message: string; raw: string }[]>().notNull().default([]),
    progressLines: integer().notNull().default(0),
    actorLabel: text().notNull(),
    actorId: uuid().references(() => users.id, { onDelete: "restrict" }),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
    supersededById: bigint({ mode: "number" }),
    error: text(),
    /**
     * How the file was read (provider format, or the column mapping as it was then) and its header row,
     * cleaned: with a line's `raw_text` they give the line's fields by name (statementLineFields).
     */
    format: jsonb().$type<{ kind: "provider" | "mapping"; provider: Provider; mapping?: unknown }>(),
    rawHeader: jsonb().$type<string[]>(),
    ...timestamps,
  },
  (t) => [
    // one live statement per provider and day: a second completed import must supersede the first (also the race guard)
    uniqueIndex("statement_imports_provider_business_date_completed_idx")
      .on(t.provider, t.businessDate)
      .where(sql`${t.status} = 'completed'`),
    // recon.imports list, newest first (keyset id desc), optionally by provider
    index("statement_imports_provider_id_idx").on(t.provider, t.id.desc()),
    // cleanup of crashed imports
    index("statement_imports_processing_idx").on(t.startedAt).where(sql`${t.status} = 'processing'`),
  ],
);

/** The parsed lines of one import; matched set-based against orders and refunds. */
export const statementLines = pgTable(
  "statement_lines",
  {
    importId: bigint({ mode: "number" }).notNull(),
    lineNo: integer().notNull(),
    kind: text().$type<"payment" | "refund">().notNull(),
    providerTransactionId: text().notNull(),
    orderNo: text(),
    refundNo: text(),
    providerRefundId: text(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    feeMinor: bigint({ mode: "number" }),
    currency: char({ length: 3 }).notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    status: text().notNull(),
    /** The provider says the money moved (not a failed/closed line). */
    success: boolean().notNull().default(true),
    match: text().$type<StatementLineMatch>().notNull().default("pending"),
    /**
     * Lines imported before migration 0037: the fields by header name (`json`: only stored and read back whole).
     */
    raw: json().$type<Record<string, string>>(),
    /**
     * The record as the file has it (decoded; the line breaks inside a quoted field kept). The fields by
     * name are read from it with the import's format and header when someone looks (statementLineFields):
     * writing them out as JSON for every line was two thirds of the bytes loaded.
     */
    rawText: text(),
  },
  // Only the key (the detail view's lookup): matching reads an import's lines whole, by hash (ADR 0008).
  (t) => [primaryKey({ columns: [t.importId, t.lineNo] })],
);

/** "Any other CSV through a saved column mapping" (issue 11). */
export const statementMappings = pgTable(
  "statement_mappings",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    name: text().notNull(),
    provider: text().$type<Provider>().notNull(),
    mapping: jsonb().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "restrict" }),
    createdByLabel: text().notNull(),
    ...timestamps,
  },
  (t) => [
    // names are unique per provider (the upload picker)
    uniqueIndex("statement_mappings_provider_name_idx").on(t.provider, t.name),
  ],
);

export type StatementImport = typeof statementImports.$inferSelect;
export type StatementLineRow = typeof statementLines.$inferSelect;
export type StatementMapping = typeof statementMappings.$inferSelect;
