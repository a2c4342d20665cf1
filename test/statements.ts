import type { Provider } from "@/lib/enums";
import type { ParsedRecord, StatementLine, StatementLineInput } from "@/server/recon/formats/types";

/** Drains a statement parse into arrays. */
export async function collectStatement(records: AsyncIterable<ParsedRecord>): Promise<{ lines: StatementLine[]; errors: ParsedRecord[] }> {
  const lines: StatementLine[] = [];
  const errors: ParsedRecord[] = [];
  for await (const r of records) {
    if (r.ok) lines.push(r.line);
    else errors.push(r);
  }
  return { lines, errors };
}

/** The bytes as a stream cut at the given offsets (sorted, deduplicated), or in one piece. */
export async function* chunked(bytes: Uint8Array, cuts: readonly number[] = []): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)) {
    yield bytes.slice(from, cut);
    from = cut;
  }
  yield bytes.slice(from);
}

/** A statement line without position and file text, for comparing what was written with what was read. */
export function withoutPosition(line: StatementLine): StatementLineInput {
  const { lineNo: _lineNo, raw: _raw, ...rest } = line;
  return rest;
}

/**
 * `n` statement lines as the provider's real file can carry them (what its writer writes and its reader gives
 * back): every 7th a refund of an earlier payment, amounts with odd fen, a fee on every line, times to the second.
 */
export function sampleStatementLines(provider: Provider, n: number, start = new Date("2026-11-23T16:00:00Z")): StatementLineInput[] {
  const currency = provider === "stripe" ? "USD" : "CNY";
  const lines: StatementLineInput[] = [];
  for (let i = 0; i < n; i++) {
    const refund = i % 7 === 6;
    const paidIndex = refund ? i - 3 : i;
    const tx = txId(provider, paidIndex);
    const amountMinor = refund ? 500 + (i % 5) : 1_999 + i * 37;
    const occurredAt = new Date(start.getTime() + i * 61_000);
    const refundNo = refund ? `RF20261124${String(i).padStart(6, "0")}` : null;
    lines.push({
      kind: refund ? "refund" : "payment",
      providerTransactionId: tx,
      orderNo: `ORD20261124${String(paidIndex).padStart(6, "0")}`,
      refundNo,
      providerRefundId: refund ? refundIdFor(provider, i, refundNo!) : null,
      amountMinor,
      feeMinor: refund ? -Math.round(amountMinor * 0.006) : Math.round(amountMinor * 0.006),
      currency,
      occurredAt,
      status: statusFor(provider, refund),
    });
  }
  return lines;
}

function txId(provider: Provider, i: number): string {
  const n = String(i).padStart(8, "0");
  if (provider === "alipay") return `20261124220014468805${n}`;
  if (provider === "wechatpay") return `42000023452026112412${n}`;
  if (provider === "stripe") return `pi_3QaB${n}`;
  return `SBX20261124${n}`;
}

function refundIdFor(provider: Provider, i: number, refundNo: string): string | null {
  if (provider === "alipay") return null;
  if (provider === "wechatpay") return `503002071820261124${String(i).padStart(11, "0")}`;
  if (provider === "stripe") return `re_3QaB${String(i).padStart(8, "0")}`;
  return refundNo;
}

function statusFor(provider: Provider, refund: boolean): string {
  if (provider === "alipay") return refund ? "退款" : "交易";
  if (provider === "stripe") return refund ? "refund" : "charge";
  return "SUCCESS";
}
