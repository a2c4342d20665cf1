import "server-only";
import type { Provider } from "@/lib/enums";

// What verification and forensics need, per provider; everything else a request carries (cookies,
// authorization, x-api-key, our own *-token / *-secret headers, proxies' additions) is not stored.
const COMMON = ["content-type", "content-length", "user-agent", "x-request-id", "request-id"];
const BY_PROVIDER: Record<Provider, string[]> = {
  // Alipay signs inside the form body; nothing in its headers is needed to verify.
  alipay: [],
  wechatpay: ["wechatpay-signature", "wechatpay-timestamp", "wechatpay-nonce", "wechatpay-serial", "wechatpay-signature-type"],
  stripe: ["stripe-signature"],
  sandbox: ["sandbox-signature"],
};
const ALLOWED: Record<Provider, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(BY_PROVIDER).map(([p, names]) => [p, new Set([...COMMON, ...names])]),
) as unknown as Record<Provider, ReadonlySet<string>>;

const MAX_HEADER_VALUE = 1024;

/** The request's headers as stored with the raw message: the provider's allow-list only, values capped. */
export function storedHeaders(provider: Provider, headers: Record<string, string>): Record<string, string> {
  const allowed = ALLOWED[provider];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    if (allowed.has(name)) out[name] = v.length > MAX_HEADER_VALUE ? v.slice(0, MAX_HEADER_VALUE) : v;
  }
  return out;
}
