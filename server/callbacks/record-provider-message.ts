import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { CallbackOutcome, MessageSource, Provider, Verification } from "@/lib/enums";
import type { Reason } from "@/lib/reasons";
import { executePrepared, jsonRecordset, rowsOf } from "@/server/lib/sql";
import type { ProviderNotification } from "@/server/providers/types";
import { fullBody, type StoredBody } from "./inspect-body";

export interface ProviderMessageInput {
  provider: Provider;
  source: MessageSource;
  headers: Record<string, string>;
  /** The exact text received (kept whole), or an already capped body (rejected messages). */
  body: string | StoredBody;
  receivedAt: Date;
  remoteAddr?: string | null;
  requestId?: string | null;
  /** Default "pending": stored before verification (status queries). */
  verification?: Verification;
  outcome?: CallbackOutcome;
  rejectReason?: string | null;
  /** rejectReason as a code with parameters (lib/reasons.ts). */
  rejectReasonCoded?: Reason | null;
  /** Verified at intake: the parsed notification, which the inbox applier applies. */
  notification?: ProviderNotification | null;
  /** Set when the outcome is final at intake (rejected, malformed). */
  processedAt?: Date | null;
}

const COLUMNS = sql.raw(
  "provider, source, received_at, headers, body, body_bytes, body_sha256, body_truncated, body_sanitized, remote_addr, request_id, " +
    "verification, reject_reason, reject_reason_coded, outcome, event_id, order_no, provider_transaction_id, provider_status, amount_minor, currency, event_at, delay_ms, " +
    "processed_at, processing_ms, notification",
);

const MESSAGE_ROW = {
  provider: "text",
  source: "text",
  received_at: "timestamptz",
  headers: "jsonb",
  body: "text",
  body_bytes: "int",
  body_sha256: "text",
  body_truncated: "boolean",
  body_sanitized: "boolean",
  remote_addr: "text",
  request_id: "text",
  verification: "text",
  reject_reason: "text",
  reject_reason_coded: "jsonb",
  outcome: "text",
  event_id: "text",
  order_no: "text",
  provider_transaction_id: "text",
  provider_status: "text",
  amount_minor: "bigint",
  currency: "text",
  event_at: "timestamptz",
  processed_at: "timestamptz",
  notification: "jsonb",
};

/**
 * The messages as one JSON document for `INSERT … SELECT FROM json_to_recordset(…)`: one statement text for
 * any batch size, and one native JSON.stringify per batch. (As a column of array parameters, every body,
 * header set and notification was JSON text escaped a second time, in JavaScript, into an array literal: a
 * third of what a callback allocated.) Stored text never holds NUL or a lone surrogate (verified messages
 * are refused, rejected ones sanitised, before this), so JSON carries every value exactly.
 */
function recordsetOf(inputs: ProviderMessageInput[]): SQL {
  const rows = inputs.map((r) => {
    const b = typeof r.body === "string" ? fullBody(r.body) : r.body;
    const n = r.notification ?? null;
    return {
      provider: r.provider,
      source: r.source,
      received_at: r.receivedAt.toISOString(),
      headers: r.headers,
      body: b.body,
      body_bytes: b.bodyBytes,
      body_sha256: b.bodySha256,
      body_truncated: b.bodyTruncated,
      body_sanitized: b.bodySanitized,
      remote_addr: r.remoteAddr ?? null,
      request_id: r.requestId ?? null,
      verification: r.verification ?? "pending",
      reject_reason: r.rejectReason ?? null,
      reject_reason_coded: r.rejectReasonCoded ?? null,
      outcome: r.outcome ?? "received",
      event_id: n?.eventId ?? null,
      order_no: n?.orderNo ?? null,
      provider_transaction_id: n?.transactionId ?? null,
      provider_status: n?.providerStatus ?? null,
      amount_minor: n?.amountMinor ?? null,
      currency: n?.currency ?? null,
      event_at: n?.eventAt?.toISOString() ?? null,
      processed_at: r.processedAt?.toISOString() ?? null,
      notification: n,
    };
  });
  return sql`SELECT provider, source, received_at, headers, body, body_bytes, body_sha256, body_truncated, body_sanitized, remote_addr, request_id,
      verification, reject_reason, reject_reason_coded, outcome, event_id, order_no, provider_transaction_id, provider_status, amount_minor, currency, event_at,
      CASE WHEN event_at IS NULL THEN NULL ELSE greatest(0, (extract(epoch from (received_at - event_at)) * 1000)::bigint) END,
      processed_at, CASE WHEN processed_at IS NULL THEN NULL ELSE greatest(0, (extract(epoch from (processed_at - received_at)) * 1000)::bigint) END,
      notification
    FROM ${jsonRecordset("m", MESSAGE_ROW, rows)}`;
}

/**
 * Stores provider messages raw — the first thing done with any of them — in one statement (one commit
 * when called outside a transaction). Returns their ids in input order: INSERT … SELECT returns rows in
 * the order the SELECT produced them, and json_to_recordset produces them in array order.
 */
export async function insertProviderMessages(db: Db, inputs: ProviderMessageInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const rows = rowsOf<{ id: number | string }>(await executePrepared(db, "store_messages", sql`INSERT INTO callback_events (${COLUMNS}) ${recordsetOf(inputs)} RETURNING id`));
  return rows.map((r) => Number(r.id));
}

/** One message (status queries, tests). */
export async function recordProviderMessage(db: Db, input: ProviderMessageInput): Promise<number> {
  const [id] = await insertProviderMessages(db, [input]);
  return id!;
}

/**
 * Stores a rejected or unverifiable message only while its source is within its allowance for the current
 * window: one statement counts it (callback_reject_counters) and inserts it if the count allows. Returns
 * the new row's id, or null when the message was only counted.
 */
export async function recordRejectedMessage(db: Db, input: ProviderMessageInput, limit: { source: string; windowStart: Date; perWindow: number }): Promise<number | null> {
  const rows = rowsOf<{ id: number | string | null }>(
    await db.execute(sql`
      WITH counted AS (
        INSERT INTO callback_reject_counters (source, window_start, seen) VALUES (${limit.source}, ${limit.windowStart.toISOString()}::timestamptz, 1)
        ON CONFLICT (source, window_start) DO UPDATE SET seen = callback_reject_counters.seen + 1, updated_at = now()
        RETURNING seen
      ), stored AS (
        INSERT INTO callback_events (${COLUMNS}) ${recordsetOf([input])} WHERE (SELECT seen FROM counted) <= ${limit.perWindow}
        RETURNING id
      )
      SELECT (SELECT id FROM stored) AS id, (SELECT seen FROM counted) AS seen`),
  );
  const id = rows[0]?.id;
  return id == null ? null : Number(id);
}
