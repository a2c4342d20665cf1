import "server-only";
import type { Provider } from "@/lib/enums";
import { alipayAdapter } from "./alipay";
import { alipayBill } from "./alipay/bill";
import { alipayRefunds } from "./alipay/refund";
import { sandboxAdapter } from "./sandbox";
import { sandboxBill } from "./sandbox/bill";
import { sandboxRefunds } from "./sandbox/refund";
import { stripeAdapter } from "./stripe";
import { stripeBill } from "./stripe/bill";
import { stripeRefunds } from "./stripe/refund";
import type { BillAdapter, ProviderAdapter, RefundAdapter } from "./types";
import { wechatpayAdapter } from "./wechatpay";
import { wechatpayBill } from "./wechatpay/bill";
import { wechatpayRefunds } from "./wechatpay/refund";

export const PROVIDER_ADAPTERS: Readonly<Record<Provider, ProviderAdapter>> = {
  alipay: alipayAdapter,
  wechatpay: wechatpayAdapter,
  stripe: stripeAdapter,
  sandbox: sandboxAdapter,
};

/** Refund APIs per provider (issue 10): one interface, one file per provider (server/providers/<p>/refund.ts). */
export const REFUND_ADAPTERS: Readonly<Record<Provider, RefundAdapter>> = {
  alipay: alipayRefunds,
  wechatpay: wechatpayRefunds,
  stripe: stripeRefunds,
  sandbox: sandboxRefunds,
};

/** Daily statement download per provider (issue 11): server/providers/<p>/bill.ts. */
export const billAdapters: Readonly<Record<Provider, BillAdapter>> = {
  alipay: alipayBill,
  wechatpay: wechatpayBill,
  stripe: stripeBill,
  sandbox: sandboxBill,
};

/** undefined for names we do not integrate (the callback route answers 404). */
export function getProviderAdapter(name: string): ProviderAdapter | undefined {
  return Object.hasOwn(PROVIDER_ADAPTERS, name) ? PROVIDER_ADAPTERS[name as Provider] : undefined;
}

export { ProviderQueryError } from "./shared/provider-fetch";
export { StatementNotReadyError } from "./shared/bill";
export type * from "./types";
