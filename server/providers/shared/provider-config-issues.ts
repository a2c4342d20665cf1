import "server-only";
import type { KeyObject } from "node:crypto";
import { isPublicHalfOf, normalizeSerial, type LoadedPublicKey } from "./load-key";

// Cross-variable checks of provider configuration, run by server/env.ts after each variable parsed on its
// own. Each catches a configuration that starts fine and then fails every callback or query: a key without
// the id it belongs to, or the classic mix-up of our own public key with the provider's.

export interface ProviderEnvInput {
  ALIPAY_APP_ID?: string;
  ALIPAY_PUBLIC_KEY?: KeyObject;
  ALIPAY_APP_PRIVATE_KEY?: KeyObject;
  WECHATPAY_MCH_ID?: string;
  WECHATPAY_PLATFORM_CERTS: ReadonlyMap<string, KeyObject>;
  WECHATPAY_PLATFORM_PUBLIC_KEY?: LoadedPublicKey;
  WECHATPAY_PLATFORM_SERIAL?: string;
  WECHATPAY_APIV3_KEY?: string;
  WECHATPAY_MERCHANT_PRIVATE_KEY?: KeyObject;
  WECHATPAY_MERCHANT_SERIAL?: string;
}

export interface ConfigIssue {
  path: string;
  message: string;
}

export function providerConfigIssues(env: ProviderEnvInput): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const need = (path: string, when: string) => issues.push({ path, message: `is required when ${when} is set` });

  if (env.ALIPAY_PUBLIC_KEY && !env.ALIPAY_APP_ID) need("ALIPAY_APP_ID", "ALIPAY_PUBLIC_KEY");
  if (env.ALIPAY_APP_PRIVATE_KEY && !env.ALIPAY_APP_ID) need("ALIPAY_APP_ID", "ALIPAY_APP_PRIVATE_KEY");
  if (env.ALIPAY_PUBLIC_KEY && env.ALIPAY_APP_PRIVATE_KEY && isPublicHalfOf(env.ALIPAY_PUBLIC_KEY, env.ALIPAY_APP_PRIVATE_KEY)) {
    issues.push({
      path: "ALIPAY_PUBLIC_KEY",
      message: "is the public half of ALIPAY_APP_PRIVATE_KEY (the app public key, 应用公钥); Alipay's own public key (支付宝公钥) is needed",
    });
  }

  const single = env.WECHATPAY_PLATFORM_PUBLIC_KEY;
  if (single && !env.WECHATPAY_PLATFORM_SERIAL) need("WECHATPAY_PLATFORM_SERIAL", "WECHATPAY_PLATFORM_PUBLIC_KEY");
  if (env.WECHATPAY_PLATFORM_SERIAL && !single) need("WECHATPAY_PLATFORM_PUBLIC_KEY", "WECHATPAY_PLATFORM_SERIAL");
  if (single && env.WECHATPAY_PLATFORM_SERIAL) {
    const serial = normalizeSerial(env.WECHATPAY_PLATFORM_SERIAL);
    if (single.certificateSerial !== null && single.certificateSerial !== serial) {
      issues.push({ path: "WECHATPAY_PLATFORM_PUBLIC_KEY", message: `is the certificate with serial ${single.certificateSerial}, not WECHATPAY_PLATFORM_SERIAL ${env.WECHATPAY_PLATFORM_SERIAL}` });
    }
    const listed = env.WECHATPAY_PLATFORM_CERTS.get(serial);
    if (listed && !listed.equals(single.key)) {
      issues.push({ path: "WECHATPAY_PLATFORM_CERTS", message: `lists serial ${env.WECHATPAY_PLATFORM_SERIAL} with another key than WECHATPAY_PLATFORM_PUBLIC_KEY` });
    }
  }
  const platformKeys = [...env.WECHATPAY_PLATFORM_CERTS.values(), ...(single ? [single.key] : [])];
  if (platformKeys.length > 0) {
    const what = "a WeChat Pay platform key (WECHATPAY_PLATFORM_CERTS or WECHATPAY_PLATFORM_PUBLIC_KEY)";
    if (!env.WECHATPAY_MCH_ID) need("WECHATPAY_MCH_ID", what);
    if (!env.WECHATPAY_APIV3_KEY) need("WECHATPAY_APIV3_KEY", what);
  }
  if (env.WECHATPAY_MERCHANT_PRIVATE_KEY) {
    if (!env.WECHATPAY_MCH_ID) need("WECHATPAY_MCH_ID", "WECHATPAY_MERCHANT_PRIVATE_KEY");
    if (!env.WECHATPAY_MERCHANT_SERIAL) need("WECHATPAY_MERCHANT_SERIAL", "WECHATPAY_MERCHANT_PRIVATE_KEY");
    const merchantKey = env.WECHATPAY_MERCHANT_PRIVATE_KEY;
    const mixUp = "is the public half of WECHATPAY_MERCHANT_PRIVATE_KEY (our merchant key); WeChat Pay's platform certificate or public key is needed";
    for (const [serial, key] of env.WECHATPAY_PLATFORM_CERTS) {
      if (isPublicHalfOf(key, merchantKey)) issues.push({ path: "WECHATPAY_PLATFORM_CERTS", message: `entry ${serial} ${mixUp}` });
    }
    if (single && isPublicHalfOf(single.key, merchantKey)) issues.push({ path: "WECHATPAY_PLATFORM_PUBLIC_KEY", message: mixUp });
  }
  return issues;
}
