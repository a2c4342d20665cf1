import "server-only";
import type { Provider } from "@/lib/enums";
import { alipayAdapter } from "./alipay";
import { sandboxAdapter } from "./sandbox";
import { stripeAdapter } from "./stripe";
import type { ProviderAdapter } from "./types";
import { wechatpayAdapter } from "./wechatpay";

export const PROVIDER_ADAPTERS: Readonly<Record<Provider, ProviderAdapter>> = {
  alipay: alipayAdapter,
  wechatpay: wechatpayAdapter,
  stripe: stripeAdapter,
  sandbox: sandboxAdapter,
};

/** undefined for names we do not integrate (the callback route answers 404). */
export function getProviderAdapter(name: string): ProviderAdapter | undefined {
  return Object.hasOwn(PROVIDER_ADAPTERS, name) ? PROVIDER_ADAPTERS[name as Provider] : undefined;
}

export { ProviderQueryError } from "./shared/provider-fetch";
export type * from "./types";
