import "server-only";
import type { Provider } from "@/lib/enums";
import type { Env } from "@/server/env";
import type { Reason } from "@/lib/reasons";

/** A provider request as it reached us: headers lower-cased, body as the exact text received. */
export interface InboundMessage {
  headers: Record<string, string>;
  body: string;
  receivedAt: Date;
}

/** What a provider says about one payment, in our terms. */
export type PaymentState = "PAID" | "CLOSED" | "FAILED" | "PENDING" | "OTHER";

export interface ProviderNotification {
  /** Provider's own id of this notification, if any (notify_id, envelope id, evt_…, eventId). */
  eventId: string | null;
  /**
   * Identity of the fact reported, used as the idempotency key together with the provider: the same fact
   * delivered twice (resend, duplicate, also learnt through a status query) must produce the same key.
   * Convention: `${transactionId}:${state}` when a transaction id exists, else `${orderNo}:${state}`.
   */
  dedupeKey: string;
  /** Our order number (merchant order no.); null when the message concerns no order (ignored). */
  orderNo: string | null;
  transactionId: string | null;
  state: PaymentState;
  /** The provider's status word as sent ("TRADE_SUCCESS", "SUCCESS", "payment_intent.succeeded"). */
  providerStatus: string;
  amountMinor: number | null;
  currency: string | null;
  /** When the provider says the event happened (for callback delay). */
  eventAt: Date | null;
  paidAt: Date | null;
  /** Non-secret facts worth keeping on a discrepancy (buyer id, trade type, raw amount string…). */
  facts: Record<string, unknown>;
}

export type VerifyResult =
  | { ok: true; notification: ProviderNotification }
  | { ok: false; kind: "rejected" | "malformed"; reason: string; coded?: Reason };

/** How we answer the provider. `handled` means "do not send this again". */
export type ReplyKind = "handled" | "retry" | "malformed" | "rejected";

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface OrderRef {
  orderNo: string;
  providerTransactionId: string | null;
  amountMinor: number;
  currency: string;
}

/** Result of an active status query. `raw` is stored like a callback body (source "query"). */
export type QueryResult =
  | { found: true; notification: ProviderNotification; raw: string }
  | { found: false; raw: string; reason: string };

export interface ProviderAdapter {
  name: Provider;
  /** Verifies signature, keys, ids and freshness against env, then parses. Never throws for bad input. */
  verify(message: InboundMessage, env: Env, now: Date): VerifyResult;
  reply(kind: ReplyKind, message?: string): HttpReply;
  /** Active status query against the provider's API (base URL from env). Throws on transport errors. */
  query(order: OrderRef, env: Env, signal?: AbortSignal): Promise<QueryResult>;
}

/** One refund as we ask a provider for it (refunds.md): refundNo is our idempotency key, never changed on retry. */
export interface RefundCall {
  refundNo: string;
  orderNo: string;
  transactionId: string | null;
  amountMinor: number;
  currency: string;
  /** The order's paid total (WeChat's amount.total, Stripe's sanity check). */
  orderAmountMinor: number;
  reason: string;
}

/**
 * What the provider said, in our terms (refunds.md §6.3). succeeded: provider finished; processing: accepted,
 * ask again later; failed: definitive, give up (a new attempt needs a new refund no); retry: outcome unknown or
 * transient (busy, rate limited, balance short): ask again with the SAME refund no. Transport errors throw
 * and mean "retry" too.
 */
export type RefundOutcome =
  | { kind: "succeeded" | "processing"; providerStatus: string; providerRefundId: string | null; raw: string }
  | { kind: "failed" | "retry"; providerStatus: string; code: string; message: string; raw: string };

export interface RefundAdapter {
  /** Create (or, same refundNo, repeat) the refund. */
  refund(call: RefundCall, env: Env, signal?: AbortSignal): Promise<RefundOutcome>;
  /** Ask how a refund created earlier is doing. */
  queryRefund(call: RefundCall, env: Env, signal?: AbortSignal): Promise<RefundOutcome>;
}

/**
 * The provider's daily statement (issue 11), downloaded through its bill API (base URLs from env). `date` is the
 * business day "2026-11-24"; `body` streams the file as the provider serves it (Alipay: the zip), for
 * parseStatement. Throws StatementNotReadyError (server/providers/shared/bill.ts) when there is none yet,
 * ProviderQueryError for answers we cannot trust or use; a hash or signature over the file is checked as the
 * body ends, so a bad file fails its import instead of being read.
 */
export interface BillAdapter {
  download(date: string, env: Env, signal?: AbortSignal): Promise<{ fileName: string; body: AsyncIterable<Uint8Array> }>;
}
