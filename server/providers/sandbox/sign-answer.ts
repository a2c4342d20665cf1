import "server-only";
import { signSandboxPayload, SANDBOX_SIGNATURE_HEADER } from "./sign";

export type SandboxStatus = "SUCCESS" | "CLOSED" | "FAILED" | "PENDING";

export interface SandboxPayment {
  orderNo: string;
  transactionId: string | null;
  status: SandboxStatus;
  amountMinor: number;
  currency: string;
  paidAt: Date | null;
}

/**
 * The sandbox provider's answer to `GET /payments/:orderNo`, signed like its callbacks. Used by the
 * simulator's query server (and the test fake) so the portal's janitor can verify what it is told.
 */
export function signSandboxAnswer(secret: string, orderNo: string, payment: SandboxPayment | undefined, now: Date = new Date()): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  const body = payment
    ? JSON.stringify({
        orderNo: payment.orderNo,
        transactionId: payment.transactionId,
        status: payment.status,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        paidAt: payment.paidAt ? payment.paidAt.toISOString() : null,
      })
    : JSON.stringify({ error: "not_found", orderNo });
  return {
    status: payment ? 200 : 404,
    headers: { "content-type": "application/json; charset=utf-8", [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(secret, body, Math.floor(now.getTime() / 1000)) },
    body,
  };
}
