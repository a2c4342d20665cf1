import { createPrivateKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateRsaKeyPair } from "@/test/provider-signers";
import { providerConfigIssues, type ProviderEnvInput } from "./provider-config-issues";

// The cross-variable checks the config page and the env validation report, with their exact wording.

const a = generateRsaKeyPair();
const b = generateRsaKeyPair();
const pub = (p: { publicKey: string }) => createPublicKey(p.publicKey);
const priv = (p: { privateKey: string }) => createPrivateKey(p.privateKey);
const NONE: ProviderEnvInput = { WECHATPAY_PLATFORM_CERTS: new Map() };
const SERIAL = "PUB_KEY_ID_0112345678901234567890";
const MIXUP = "is the public half of WECHATPAY_MERCHANT_PRIVATE_KEY (our merchant key); WeChat Pay's platform certificate or public key is needed";
const WHAT = "a WeChat Pay platform key (WECHATPAY_PLATFORM_CERTS or WECHATPAY_PLATFORM_PUBLIC_KEY)";
/** A complete, consistent WeChat Pay configuration with one platform public key. */
const wechat: ProviderEnvInput = {
  WECHATPAY_PLATFORM_CERTS: new Map(),
  WECHATPAY_MCH_ID: "1900000109",
  WECHATPAY_PLATFORM_PUBLIC_KEY: { key: pub(a), certificateSerial: null },
  WECHATPAY_PLATFORM_SERIAL: SERIAL,
  WECHATPAY_APIV3_KEY: "0123456789abcdef0123456789abcdef",
  WECHATPAY_MERCHANT_PRIVATE_KEY: priv(b),
  WECHATPAY_MERCHANT_SERIAL: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
};

describe("providerConfigIssues", () => {
  it("finds nothing in an empty or a consistent configuration", () => {
    expect(providerConfigIssues(NONE)).toEqual([]);
    expect(providerConfigIssues(wechat)).toEqual([]);
    expect(providerConfigIssues({ ...NONE, ALIPAY_APP_ID: "2021000000000001", ALIPAY_PUBLIC_KEY: pub(a) })).toEqual([]);
    expect(providerConfigIssues({ ...NONE, ALIPAY_APP_ID: "2021000000000001", ALIPAY_APP_PRIVATE_KEY: priv(b) })).toEqual([]);
    expect(providerConfigIssues({ ...NONE, ALIPAY_APP_ID: "2021000000000001", ALIPAY_PUBLIC_KEY: pub(a), ALIPAY_APP_PRIVATE_KEY: priv(b) })).toEqual([]);
  });

  it("wants the Alipay app id with either Alipay key", () => {
    expect(providerConfigIssues({ ...NONE, ALIPAY_APP_PRIVATE_KEY: priv(b) })).toEqual([{ path: "ALIPAY_APP_ID", message: "is required when ALIPAY_APP_PRIVATE_KEY is set" }]);
    expect(providerConfigIssues({ ...NONE, ALIPAY_PUBLIC_KEY: pub(a) })).toEqual([{ path: "ALIPAY_APP_ID", message: "is required when ALIPAY_PUBLIC_KEY is set" }]);
  });

  it("spots our own app public key in ALIPAY_PUBLIC_KEY", () => {
    expect(providerConfigIssues({ ...NONE, ALIPAY_APP_ID: "2021000000000001", ALIPAY_PUBLIC_KEY: pub(b), ALIPAY_APP_PRIVATE_KEY: priv(b) })).toEqual([
      { path: "ALIPAY_PUBLIC_KEY", message: "is the public half of ALIPAY_APP_PRIVATE_KEY (the app public key, 应用公钥); Alipay's own public key (支付宝公钥) is needed" },
    ]);
  });

  it("wants the platform public key and its serial together", () => {
    expect(providerConfigIssues({ ...wechat, WECHATPAY_PLATFORM_PUBLIC_KEY: undefined })).toEqual([
      { path: "WECHATPAY_PLATFORM_PUBLIC_KEY", message: "is required when WECHATPAY_PLATFORM_SERIAL is set" },
    ]);
    expect(providerConfigIssues({ ...wechat, WECHATPAY_PLATFORM_SERIAL: undefined })).toEqual([
      { path: "WECHATPAY_PLATFORM_SERIAL", message: "is required when WECHATPAY_PLATFORM_PUBLIC_KEY is set" },
    ]);
  });

  it("spots WECHATPAY_PLATFORM_CERTS listing the platform serial with another key", () => {
    const certs = new Map([[SERIAL, pub(b)]]);
    expect(providerConfigIssues({ ...wechat, WECHATPAY_MERCHANT_PRIVATE_KEY: undefined, WECHATPAY_PLATFORM_CERTS: certs })).toEqual([
      { path: "WECHATPAY_PLATFORM_CERTS", message: `lists serial ${SERIAL} with another key than WECHATPAY_PLATFORM_PUBLIC_KEY` },
    ]);
    // the same key under that serial is consistent
    expect(providerConfigIssues({ ...wechat, WECHATPAY_PLATFORM_CERTS: new Map([[SERIAL, pub(a)]]) })).toEqual([]);
  });

  it("wants the merchant id and APIv3 key with any platform key", () => {
    const certsOnly: ProviderEnvInput = { ...NONE, WECHATPAY_PLATFORM_CERTS: new Map([["5A1B", pub(a)]]) };
    expect(providerConfigIssues(certsOnly)).toEqual([
      { path: "WECHATPAY_MCH_ID", message: `is required when ${WHAT} is set` },
      { path: "WECHATPAY_APIV3_KEY", message: `is required when ${WHAT} is set` },
    ]);
  });

  it("wants the merchant id and serial with the merchant private key", () => {
    expect(providerConfigIssues({ ...NONE, WECHATPAY_MERCHANT_PRIVATE_KEY: priv(b) })).toEqual([
      { path: "WECHATPAY_MCH_ID", message: "is required when WECHATPAY_MERCHANT_PRIVATE_KEY is set" },
      { path: "WECHATPAY_MERCHANT_SERIAL", message: "is required when WECHATPAY_MERCHANT_PRIVATE_KEY is set" },
    ]);
  });

  it("spots our merchant public key among the platform keys", () => {
    const certs = new Map([
      ["5A1B", pub(a)],
      ["7C2D", pub(b)],
    ]);
    expect(providerConfigIssues({ ...wechat, WECHATPAY_PLATFORM_CERTS: certs })).toEqual([{ path: "WECHATPAY_PLATFORM_CERTS", message: `entry 7C2D ${MIXUP}` }]);
    expect(providerConfigIssues({ ...wechat, WECHATPAY_PLATFORM_PUBLIC_KEY: { key: pub(b), certificateSerial: null } })).toEqual([
      { path: "WECHATPAY_PLATFORM_PUBLIC_KEY", message: MIXUP },
    ]);
  });
});
