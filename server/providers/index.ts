import "server-only";
import type { Provider } from "@/lib/enums";
import { alipayAdapter } from "./alipay";
import { alipayRefunds } from "./alipay/refund";
import { sandboxAdapter } from "./sandbox";
import { sandboxRefunds } from "./sandbox/refund";
import { stripeAdapter } from "./stripe";
import { stripeRefunds } from "./stripe/refund";
import type { ProviderAdapter, RefundAdapter } from "./types";
import { wechatpayAdapter } from "./wechatpay";
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

/** undefined for names we do not integrate (the callback route answers 404). */
export function getProviderAdapter(name: string): ProviderAdapter | undefined {
  return Object.hasOwn(PROVIDER_ADAPTERS, name) ? PROVIDER_ADAPTERS[name as Provider] : undefined;
}

export { ProviderQueryError } from "./shared/provider-fetch";
export type * from "./types";
