import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { CallbackOutcome, MessageSource, Provider, Verification } from "@/lib/enums";
import type { Reason } from "@/lib/reasons";
import { columnOf, rowsOf } from "@/server/lib/sql";
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

/** Column arrays for `INSERT … SELECT FROM unnest(…)`: one fixed statement text for any batch size. */
function unnestOf(inputs: ProviderMessageInput[]): SQL {
  const col = <T>(f: (r: ProviderMessageInput, b: StoredBody) => T) => columnOf(inputs, (r) => f(r, typeof r.body === "string" ? fullBody(r.body) : r.body));
  const n = (r: ProviderMessageInput) => r.notification ?? null;
  return sql`SELECT provider, source, received_at, headers::jsonb, body, body_bytes, body_sha256, body_truncated, body_sanitized, remote_addr, request_id,
      verification, reject_reason, reject_reason_coded::jsonb, outcome, event_id, order_no, provider_transaction_id, provider_status, amount_minor, currency, event_at,
      CASE WHEN event_at IS NULL THEN NULL ELSE greatest(0, (extract(epoch from (received_at - event_at)) * 1000)::bigint) END,
      processed_at, CASE WHEN processed_at IS NULL THEN NULL ELSE greatest(0, (extract(epoch from (processed_at - received_at)) * 1000)::bigint) END,
      notification::jsonb
    FROM unnest(
      ${col((r) => r.provider)}::text[], ${col((r) => r.source)}::text[], ${col((r) => r.receivedAt.toISOString())}::timestamptz[],
      ${col((r) => JSON.stringify(r.headers))}::text[], ${col((_, b) => b.body)}::text[], ${col((_, b) => b.bodyBytes)}::int[],
      ${col((_, b) => b.bodySha256)}::text[], ${col((_, b) => b.bodyTruncated)}::boolean[], ${col((_, b) => b.bodySanitized)}::boolean[],
      ${col((r) => r.remoteAddr ?? null)}::text[], ${col((r) => r.requestId ?? null)}::text[],
      ${col((r) => r.verification ?? "pending")}::text[], ${col((r) => r.rejectReason ?? null)}::text[],
      ${col((r) => (r.rejectReasonCoded ? JSON.stringify(r.rejectReasonCoded) : null))}::text[], ${col((r) => r.outcome ?? "received")}::text[],
      ${col((r) => n(r)?.eventId ?? null)}::text[], ${col((r) => n(r)?.orderNo ?? null)}::text[], ${col((r) => n(r)?.transactionId ?? null)}::text[],
      ${col((r) => n(r)?.providerStatus ?? null)}::text[], ${col((r) => n(r)?.amountMinor ?? null)}::bigint[], ${col((r) => n(r)?.currency ?? null)}::text[],
      ${col((r) => n(r)?.eventAt?.toISOString() ?? null)}::timestamptz[], ${col((r) => r.processedAt?.toISOString() ?? null)}::timestamptz[],
      ${col((r) => (r.notification ? JSON.stringify(r.notification) : null))}::text[]
    ) AS m(provider, source, received_at, headers, body, body_bytes, body_sha256, body_truncated, body_sanitized, remote_addr, request_id,
      verification, reject_reason, reject_reason_coded, outcome, event_id, order_no, provider_transaction_id, provider_status, amount_minor, currency, event_at,
      processed_at, notification)`;
}

/**
 * Stores provider messages raw — the first thing done with any of them — in one statement (one commit
 * when called outside a transaction). Returns their ids in input order: INSERT … SELECT returns rows in
 * the order the SELECT produced them, and unnest produces them in array order.
 */
export async function insertProviderMessages(db: Db, inputs: ProviderMessageInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const rows = rowsOf<{ id: number | string }>(await db.execute(sql`INSERT INTO callback_events (${COLUMNS}) ${unnestOf(inputs)} RETURNING id`));
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
        INSERT INTO callback_events (${COLUMNS}) ${unnestOf([input])} WHERE (SELECT seen FROM counted) <= ${limit.perWindow}
        RETURNING id
      )
      SELECT (SELECT id FROM stored) AS id, (SELECT seen FROM counted) AS seen`),
  );
  const id = rows[0]?.id;
  return id == null ? null : Number(id);
}
