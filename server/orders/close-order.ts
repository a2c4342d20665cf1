import "server-only";
import type { Db } from "@/db/client";
import type { Order } from "@/db/schema";
import type { MessageSource } from "@/lib/enums";
import { reason as coded, type Reason } from "@/lib/reasons";
import type { Actor } from "@/server/audit/write-audit";
import { transitionOrder } from "./transition-order";

/**
 * Why an order closes. Only a positive answer from the provider closes an order: a query that failed
 * (HTTP 5xx, timeout, bad signature) is not an answer, and must never become one of these.
 */
export type CloseReason =
  /** The provider reported the payment closed/cancelled (callback or status query). */
  | { code: "provider_closed"; providerStatus: string }
  /** The order expired and the provider positively answered that it holds no payment for it. */
  | { code: "expired_unpaid"; providerAnswer: string };

export type CloseVia = MessageSource | "janitor" | "console";

/** The reason as stored in orders.close_reason_coded and rendered in the reader's language. */
export function codeCloseReason(reason: CloseReason): Reason {
  switch (reason.code) {
    case "provider_closed":
      return coded("order.provider_closed", { providerStatus: reason.providerStatus });
    case "expired_unpaid":
      return coded("order.expired_unpaid", { providerAnswer: reason.providerAnswer });
  }
}

/** The text kept in orders.close_reason and shown on the order page. */
export function describeCloseReason(reason: CloseReason): string {
  switch (reason.code) {
    case "provider_closed":
      return `provider: ${reason.providerStatus}`;
    case "expired_unpaid":
      return "expired; provider reports no payment";
  }
}

export interface CloseOrderInput {
  reason: CloseReason;
  via: CloseVia;
  closedAt?: Date;
}

/**
 * CREATED → CLOSED, in the caller's transaction. Conditional on the order still being CREATED, so a
 * payment committed between the caller's read and this write wins: null means the order is no longer
 * closable (usually: it was just paid) and nothing was written.
 */
export async function closeOrder(tx: Db, actor: Actor, order: Order, input: CloseOrderInput): Promise<Order | null> {
  const closeReason = describeCloseReason(input.reason);
  const { code, ...params } = input.reason;
  return transitionOrder(tx, actor, order, "CLOSED", { closedAt: input.closedAt ?? new Date(), closeReason, closeReasonCoded: codeCloseReason(input.reason) }, { reason: closeReason, code, params, via: input.via });
}
