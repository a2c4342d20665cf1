// Test helpers for reconciliation (imported by *.test.ts only): orders in a known state and a sandbox
// statement file built from lines, exactly as the sandbox provider writes it.
import type { Db } from "@/db/client";
import { orders } from "@/db/schema";
import type { OrderStatus } from "@/lib/enums";
import { systemActor } from "@/server/audit/write-audit";
import { getEnv, type Env } from "@/server/env";
import type { StatementLineInput } from "@/server/recon/formats/types";
import { importStatement, type ImportSummary } from "@/server/recon/import-statement";

export interface OrderFixture {
  orderNo: string;
  amountMinor: number;
  status: OrderStatus;
  ptid?: string | null;
  paidAt?: string | null;
  currency?: string;
}

export async function insertOrders(db: Db, list: OrderFixture[]): Promise<void> {
  await db.insert(orders).values(
    list.map((o) => ({
      orderNo: o.orderNo,
      userId: "u-recon",
      amountMinor: o.amountMinor,
      currency: o.currency ?? "CNY",
      provider: "sandbox" as const,
      status: o.status,
      providerTransactionId: o.ptid ?? null,
      paidAt: o.paidAt ? new Date(o.paidAt) : null,
      closedAt: o.status === "CLOSED" ? new Date("2026-11-24T02:00:00Z") : null,
    })),
  );
}

const major = (minor: number) => `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;

/** The sandbox statement CSV (server/recon/formats/sandbox-statement.ts), optionally with extra raw rows. */
export function sandboxCsv(lines: StatementLineInput[], extraRows: string[] = []): string {
  const rows = lines.map((l) =>
    [
      l.providerTransactionId,
      l.orderNo ?? "",
      l.kind,
      l.status,
      major(l.amountMinor),
      l.currency,
      l.feeMinor === null ? "" : major(l.feeMinor),
      l.occurredAt.toISOString(),
      l.refundNo ?? "",
    ].join(","),
  );
  return ["transaction_id,order_no,type,status,amount,currency,fee,occurred_at,refund_no", ...rows, ...extraRows].join("\n") + "\n";
}

export function pay(ptid: string, orderNo: string | null, amountMinor: number, at: string, over: Partial<StatementLineInput> = {}): StatementLineInput {
  return {
    kind: "payment",
    providerTransactionId: ptid,
    orderNo,
    refundNo: null,
    providerRefundId: null,
    amountMinor,
    feeMinor: Math.floor((amountMinor * 60 + 5_000) / 10_000),
    currency: "CNY",
    occurredAt: new Date(at),
    status: "success",
    ...over,
  };
}

/** Bytes in chunks of `chunk` bytes (the property test splits files at arbitrary points). */
export async function* chunked(text: string, chunk = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, "utf8");
  for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
}

export const testEnv = (over: Partial<Env> = {}): Env => ({ ...getEnv(), BUSINESS_TIMEZONE: "Asia/Shanghai", RECON_GRACE: 15 * 60_000, RECON_FEE_RATES: "sandbox:60", RECON_FEE_TOLERANCE_MINOR: 1, ...over });

export function importCsv(
  db: Db,
  csv: string,
  opts: { date?: string; now?: Date; env?: Env; chunk?: number; fileName?: string; repair?: boolean; progressEvery?: number } = {},
): Promise<ImportSummary> {
  return importStatement(
    db,
    { format: { kind: "provider", provider: "sandbox" }, body: chunked(csv, opts.chunk), fileName: opts.fileName ?? "sandbox.csv", businessDate: opts.date, source: "cli" },
    systemActor("recon-test"),
    { env: opts.env ?? testEnv(), now: opts.now ?? new Date("2026-11-25T02:00:00Z"), repair: opts.repair, progressEvery: opts.progressEvery },
  );
}
