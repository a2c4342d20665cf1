import "server-only";
import type { Provider } from "@/lib/enums";

/** A channel's fee: basis points of the amount plus a fixed part in minor units. */
export interface FeeRate {
  bps: number;
  fixedMinor: number;
}

/** Parses RECON_FEE_RATES ("alipay:60,wechatpay:60,stripe:290+30,sandbox:60"); providers not named have no rate. */
export function parseFeeRates(value: string): Partial<Record<Provider, FeeRate>> {
  const rates: Partial<Record<Provider, FeeRate>> = {};
  for (const part of value.split(",")) {
    const m = /^\s*([a-z]+):(\d+)(?:\+(\d+))?\s*$/.exec(part);
    if (!m) throw new Error(`RECON_FEE_RATES: cannot read "${part}" (expected provider:bps or provider:bps+fixed)`);
    rates[m[1] as Provider] = { bps: Number(m[2]), fixedMinor: Number(m[3] ?? 0) };
  }
  return rates;
}

/**
 * The fee we expect on a payment: amount × bps / 10 000 rounded half up to a minor unit, plus the fixed part.
 * (Alipay, WeChat Pay and Stripe all round the percentage part to the nearest cent.)
 */
export function expectedFeeMinor(amountMinor: number, rate: FeeRate): number {
  return Math.floor((amountMinor * rate.bps + 5_000) / 10_000) + rate.fixedMinor;
}
