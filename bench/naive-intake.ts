import { createHmac, timingSafeEqual } from "node:crypto";
import type pg from "pg";

// The baseline's whole intake: verify the sandbox HMAC, insert the event (its unique key absorbs
// duplicates), mark the order paid if it was waiting. Shared by bench/naive-server.ts (bare node:http) and
// app/api/bench/naive-intake (the same statements inside a Next.js route of the same build), so the two
// baseline lines differ only by the framework around them.

export const NAIVE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS orders (
    order_no text PRIMARY KEY,
    amount_minor bigint NOT NULL,
    currency char(3) NOT NULL,
    status text NOT NULL DEFAULT 'CREATED',
    transaction_id text,
    paid_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS payment_events (
    id bigserial PRIMARY KEY,
    event_id text NOT NULL UNIQUE,
    order_no text NOT NULL,
    body text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
  );`;

export function verifyNaive(header: string | null | undefined, body: string, secret: string, nowS: number): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m) return false;
  const expected = createHmac("sha256", secret).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, "hex")) && Math.abs(nowS - Number(m[1])) <= 300;
}

export async function naiveIntake(pool: pg.Pool, signature: string | null | undefined, body: string, secret: string): Promise<{ status: number; body: string }> {
  if (!verifyNaive(signature, body, secret, Date.now() / 1000)) return { status: 401, body: "bad signature" };
  try {
    const ev = JSON.parse(body) as { eventId: string; orderNo: string; transactionId: string; paidAt: string };
    const inserted = await pool.query(
      "INSERT INTO payment_events (event_id, order_no, body) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING id",
      [ev.eventId, ev.orderNo, body],
    );
    if (inserted.rowCount) {
      await pool.query(
        "UPDATE orders SET status = 'PAID', transaction_id = $2, paid_at = $3, updated_at = now() WHERE order_no = $1 AND status = 'CREATED'",
        [ev.orderNo, ev.transactionId, ev.paidAt],
      );
    }
    return { status: 200, body: "success" };
  } catch (e) {
    return { status: 500, body: (e as Error).message };
  }
}
