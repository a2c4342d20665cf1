import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jsonRecordset } from "@/server/lib/sql";
import type { CallbackOutcome } from "@/lib/enums";
import type { Reason } from "@/lib/reasons";
import type { ProviderNotification } from "@/server/providers/types";

/** What verification learnt about a message, for messages stored before they were verified (status queries). */
export type MessageFacts = Pick<ProviderNotification, "orderNo"> & Partial<Pick<ProviderNotification, "eventId" | "transactionId" | "providerStatus" | "amountMinor" | "currency" | "eventAt">>;

export interface MessageOutcome {
  id: number;
  outcome: CallbackOutcome;
  detail: string | null;
  /** detail as a code with parameters (outcome_detail_coded); null leaves only the text. */
  reason?: Reason | null;
  /** Given: the message is marked verified and these facts are stored with it. */
  facts?: MessageFacts;
}

const OUTCOME_ROW = {
  id: "bigint",
  outcome: "text",
  detail: "text",
  detail_coded: "jsonb",
  has_facts: "boolean",
  order_no: "text",
  event_id: "text",
  transaction_id: "text",
  provider_status: "text",
  amount_minor: "bigint",
  currency: "text",
  event_at: "timestamptz",
};

/**
 * The one writer of a stored provider message's outcome: the inbox applier (callbacks), applyNotification
 * (status queries), the janitor's "provider has no such payment", and putting messages that waited for
 * their order back into the inbox all go through here. One statement for any number of messages.
 */
export async function writeMessageOutcomes(db: Db, rows: MessageOutcome[]): Promise<void> {
  if (rows.length === 0) return;
  // One JSON document: the reasons travel as JSON values, not as JSON text escaped again.
  const records = rows.map((r) => ({
    id: r.id,
    outcome: r.outcome,
    detail: r.detail,
    detail_coded: r.reason ?? null,
    has_facts: Boolean(r.facts),
    order_no: r.facts?.orderNo ?? null,
    event_id: r.facts?.eventId ?? null,
    transaction_id: r.facts?.transactionId ?? null,
    provider_status: r.facts?.providerStatus ?? null,
    amount_minor: r.facts?.amountMinor ?? null,
    currency: r.facts?.currency ?? null,
    event_at: r.facts?.eventAt?.toISOString() ?? null,
  }));
  await db.execute(sql`
    UPDATE callback_events c SET
      outcome = v.outcome, outcome_detail = v.detail, outcome_detail_coded = v.detail_coded, processed_at = now(),
      processing_ms = greatest(0, (extract(epoch from (now() - c.received_at)) * 1000)::bigint),
      verification = CASE WHEN v.has_facts THEN 'verified' ELSE c.verification END,
      order_no = CASE WHEN v.has_facts THEN v.order_no ELSE c.order_no END,
      event_id = CASE WHEN v.has_facts THEN v.event_id ELSE c.event_id END,
      provider_transaction_id = CASE WHEN v.has_facts THEN v.transaction_id ELSE c.provider_transaction_id END,
      provider_status = CASE WHEN v.has_facts THEN v.provider_status ELSE c.provider_status END,
      amount_minor = CASE WHEN v.has_facts THEN v.amount_minor ELSE c.amount_minor END,
      currency = CASE WHEN v.has_facts THEN v.currency ELSE c.currency END,
      event_at = CASE WHEN v.has_facts THEN v.event_at ELSE c.event_at END,
      delay_ms = CASE WHEN v.has_facts AND v.event_at IS NOT NULL
        THEN greatest(0, (extract(epoch from (c.received_at - v.event_at)) * 1000)::bigint) ELSE c.delay_ms END,
      updated_at = now()
    FROM ${jsonRecordset("v", OUTCOME_ROW, records)}
    WHERE c.id = v.id`);
}

/**
 * writeMessageOutcomes as a CTE `${name}` of the caller's statement (the inbox's payments decided in SQL):
 * the outcomes of its relation `source` (columns id, outcome, detail, detail_coded jsonb), the facts as
 * stored. Returns the ids written. The SET is spelled out here as above, not shared through a fragment: the
 * single-writer test (single-outcome-writer.test.ts) recognises an outcome write by its text.
 */
export function messageOutcomesCte(name: string, source: string): SQL {
  return sql`${sql.raw(name)} AS (
      UPDATE callback_events c SET
        outcome = v.outcome, outcome_detail = v.detail, outcome_detail_coded = v.detail_coded, processed_at = now(),
        processing_ms = greatest(0, (extract(epoch from (now() - c.received_at)) * 1000)::bigint), updated_at = now()
      FROM ${sql.raw(source)} v
      WHERE c.id = v.id
      RETURNING c.id
    )`;
}
