import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvCache, type Env } from "@/server/env";
import { makeCertificatePem } from "@/test/fake-providers/x509";
import { createProviderTestKeys, providerTestEnv, signAlipayNotify, signWechatpayNotify } from "@/test/provider-signers";
import { PROVIDER_ADAPTERS } from "./index";

// Fail fast: provider keys are parsed while the environment is validated (server/env.ts), so a key that is
// set but unusable stops the process at start, naming the variable, instead of failing every callback.

const keys = createProviderTestKeys();
const PROVIDER_VARS = Object.keys(providerTestEnv(keys)).concat(["ALIPAY_SELLER_ID", "WECHATPAY_PLATFORM_CERTS", "NODE_ENV"]);
const dir = mkdtempSync(join(tmpdir(), "payops-env-"));
const saved = Object.fromEntries(PROVIDER_VARS.map((k) => [k, process.env[k]]));

function restore() {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}
afterEach(restore);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Parses the environment with the test keys plus `vars` (undefined deletes a variable). */
function envWith(vars: Record<string, string | undefined>): Env {
  restore();
  Object.assign(process.env, providerTestEnv(keys));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  return getEnv();
}
function startupError(vars: Record<string, string | undefined>): string {
  try {
    envWith(vars);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("the environment was accepted");
}
const bare = (pem: string) => pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");
const pkcs1 = (pem: string) => createPrivateKey(pem).export({ type: "pkcs1", format: "pem" }) as string;
const event = { orderNo: "ORD20260915000042", transactionId: "2026091522001446880501234642", amountMinor: 1999, currency: "CNY", state: "PAID" as const, eventId: "N42", at: new Date() };

describe("provider keys in the forms providers ship, parsed once at start", () => {
  it("takes ALIPAY_PUBLIC_KEY as bare base64 and the app key as PKCS#1, and verifies/signs with them", () => {
    const env = envWith({ ALIPAY_PUBLIC_KEY: bare(keys.alipay.platform.publicKey), ALIPAY_APP_PRIVATE_KEY: bare(pkcs1(keys.alipay.app.privateKey)) });
    expect(env.ALIPAY_PUBLIC_KEY).toBeInstanceOf(KeyObject);
    const r = PROVIDER_ADAPTERS.alipay.verify({ ...signAlipayNotify(keys, event), receivedAt: new Date() }, env, new Date());
    expect(r).toMatchObject({ ok: true, notification: { orderNo: "ORD20260915000042" } });
    // The app key parsed from PKCS#1 is the same key: its public half is what we generated.
    expect(createPublicKey(env.ALIPAY_APP_PRIVATE_KEY!).export({ type: "spki", format: "pem" })).toBe(keys.alipay.app.publicKey);
  });

  it("takes paths to PEM files and one-line PEM with literal \\n for every key variable", () => {
    const path = (name: string, content: string) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    };
    const env = envWith({
      ALIPAY_PUBLIC_KEY: path("alipay_public.pem", keys.alipay.platform.publicKey),
      ALIPAY_APP_PRIVATE_KEY: keys.alipay.app.privateKey.replace(/\n/g, "\\n"),
      WECHATPAY_PLATFORM_PUBLIC_KEY: path("wechatpay_platform.pem", keys.wechatpay.platform.publicKey),
      WECHATPAY_MERCHANT_PRIVATE_KEY: path("apiclient_key.pem", pkcs1(keys.wechatpay.merchant.privateKey)),
    });
    expect([env.ALIPAY_PUBLIC_KEY, env.ALIPAY_APP_PRIVATE_KEY, env.WECHATPAY_PLATFORM_PUBLIC_KEY?.key, env.WECHATPAY_MERCHANT_PRIVATE_KEY].every((k) => k instanceof KeyObject)).toBe(true);
    const r = PROVIDER_ADAPTERS.wechatpay.verify({ ...signWechatpayNotify(keys, { ...event, transactionId: "4200002345202609151234567842" }), receivedAt: new Date() }, env, new Date());
    expect(r).toMatchObject({ ok: true });
  });

  it("caches the parsed keys: getEnv() hands out the same KeyObjects until the cache is reset", () => {
    const first = envWith({});
    expect(getEnv().ALIPAY_PUBLIC_KEY).toBe(first.ALIPAY_PUBLIC_KEY);
    expect(getEnv().WECHATPAY_MERCHANT_PRIVATE_KEY).toBe(first.WECHATPAY_MERCHANT_PRIVATE_KEY);
  });

  it("leaves unset providers unset (the demo configuration starts)", () => {
    const blank = Object.fromEntries(PROVIDER_VARS.filter((k) => k !== "NODE_ENV" && k !== "SANDBOX_WEBHOOK_SECRET").map((k) => [k, ""]));
    const env = envWith(blank);
    expect(env.ALIPAY_PUBLIC_KEY).toBeUndefined();
    expect(env.WECHATPAY_PLATFORM_CERTS.size).toBe(0);
    expect(PROVIDER_ADAPTERS.alipay.verify({ body: "a=1", headers: {}, receivedAt: new Date() }, env, new Date())).toMatchObject({ reason: "provider not configured: ALIPAY_PUBLIC_KEY unset" });
  });
});

describe("a key or secret that is set but unusable stops the start, naming the variable", () => {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } }).publicKey;
  const cases: [string, Record<string, string | undefined>, string][] = [
    ["unparseable PEM", { ALIPAY_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----" }, 'ALIPAY_PUBLIC_KEY: PEM "PUBLIC KEY" does not parse'],
    ["truncated bare base64", { ALIPAY_PUBLIC_KEY: bare(keys.alipay.platform.publicKey).slice(0, 120) }, "ALIPAY_PUBLIC_KEY: base64/DER that is no public key"],
    ["Alipay's key slot holding our private key", { ALIPAY_PUBLIC_KEY: keys.alipay.app.privateKey }, "ALIPAY_PUBLIC_KEY: is a private key"],
    ["the app public key instead of Alipay's", { ALIPAY_PUBLIC_KEY: keys.alipay.app.publicKey }, "ALIPAY_PUBLIC_KEY: is the public half of ALIPAY_APP_PRIVATE_KEY"],
    ["a public key as the app private key", { ALIPAY_APP_PRIVATE_KEY: keys.alipay.app.publicKey }, "ALIPAY_APP_PRIVATE_KEY: is a public key or certificate"],
    ["a missing key file", { WECHATPAY_MERCHANT_PRIVATE_KEY: "/run/secrets/apiclient_key.pem" }, "WECHATPAY_MERCHANT_PRIVATE_KEY: file /run/secrets/apiclient_key.pem does not exist"],
    ["an EC platform key", { WECHATPAY_PLATFORM_PUBLIC_KEY: ec }, "WECHATPAY_PLATFORM_PUBLIC_KEY: is an ec key; RSA is required"],
    ["an APIv3 key of 31 bytes", { WECHATPAY_APIV3_KEY: "0123456789abcdef0123456789ABCDE" }, "WECHATPAY_APIV3_KEY: must be exactly 32 bytes"],
    ["an APIv3 key of 32 characters but 33 bytes", { WECHATPAY_APIV3_KEY: "0123456789abcdef0123456789ABCDé" + "F" }, "WECHATPAY_APIV3_KEY: must be exactly 32 bytes"],
    ["a Stripe webhook secret without whsec_", { STRIPE_WEBHOOK_SECRET: "0123456789abcdef0123" }, "STRIPE_WEBHOOK_SECRET: must be the endpoint's signing secret whsec_"],
    ["a publishable key as the Stripe secret key", { STRIPE_SECRET_KEY: "pk_test_0123456789abcdef" }, "STRIPE_SECRET_KEY: must be a secret key sk_"],
    ["a platform key without its serial", { WECHATPAY_PLATFORM_SERIAL: undefined }, "WECHATPAY_PLATFORM_SERIAL: is required when WECHATPAY_PLATFORM_PUBLIC_KEY is set"],
    ["Alipay keys without the app id", { ALIPAY_APP_ID: undefined }, "ALIPAY_APP_ID: is required when ALIPAY_PUBLIC_KEY is set"],
    ["a merchant key without its serial", { WECHATPAY_MERCHANT_SERIAL: undefined }, "WECHATPAY_MERCHANT_SERIAL: is required when WECHATPAY_MERCHANT_PRIVATE_KEY is set"],
    ["WeChat platform keys without the APIv3 key", { WECHATPAY_APIV3_KEY: undefined }, "WECHATPAY_APIV3_KEY: is required when a WeChat Pay platform key"],
    ["our merchant public key as the platform key", { WECHATPAY_PLATFORM_PUBLIC_KEY: keys.wechatpay.merchant.publicKey }, "WECHATPAY_PLATFORM_PUBLIC_KEY: is the public half of WECHATPAY_MERCHANT_PRIVATE_KEY"],
    ["a malformed certificate list", { WECHATPAY_PLATFORM_CERTS: "PUB_KEY_ID_01" }, "WECHATPAY_PLATFORM_CERTS: entry 1 is not SERIAL=KEY"],
    ["a certificate list entry that does not parse", { WECHATPAY_PLATFORM_CERTS: "PUB_KEY_ID_01=MIIBnope" }, "WECHATPAY_PLATFORM_CERTS: entry PUB_KEY_ID_01: "],
    ["a seller id that is not a 2088 uid", { ALIPAY_SELLER_ID: "seller@example.com" }, "ALIPAY_SELLER_ID: must be the 16-digit seller uid"],
  ];
  it.each(cases)("%s", (_name, vars, expected) => {
    const message = startupError(vars);
    expect(message).toContain("Invalid environment configuration");
    expect(message).toContain(expected);
  });

  it("names every bad variable at once and never prints a key", () => {
    const message = startupError({ ALIPAY_PUBLIC_KEY: keys.alipay.app.privateKey, WECHATPAY_MERCHANT_PRIVATE_KEY: keys.wechatpay.platform.publicKey, STRIPE_WEBHOOK_SECRET: "nope-nope-nope" });
    expect(message).toMatch(/ALIPAY_PUBLIC_KEY: is a private key/);
    expect(message).toMatch(/WECHATPAY_MERCHANT_PRIVATE_KEY: is a public key/);
    expect(message).toMatch(/STRIPE_WEBHOOK_SECRET: /);
    expect(message).not.toContain(bare(keys.alipay.app.privateKey).slice(0, 40));
    expect(message).not.toContain("nope-nope-nope");
  });

  it("still refuses demo secrets in production", () => {
    const message = startupError({ NODE_ENV: "production", SANDBOX_WEBHOOK_SECRET: "sandbox-demo-webhook-secret" });
    expect(message).toContain("SANDBOX_WEBHOOK_SECRET: must be set to a real secret in production");
  });

  it("checks that a configured platform certificate is the serial it is configured as", () => {
    const cert = makeCertificatePem({ publicKeyPem: keys.wechatpay.platform.publicKey, privateKeyPem: keys.wechatpay.platform.privateKey, serialHex: "3775B6A45ACD588826FA6FE37DC1D60474B4B8F1" });
    expect(startupError({ WECHATPAY_PLATFORM_PUBLIC_KEY: cert, WECHATPAY_PLATFORM_SERIAL: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1" })).toContain(
      "WECHATPAY_PLATFORM_PUBLIC_KEY: is the certificate with serial 3775B6A45ACD588826FA6FE37DC1D60474B4B8F1, not WECHATPAY_PLATFORM_SERIAL 5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
    );
    expect(startupError({ WECHATPAY_PLATFORM_CERTS: `5157F09EFDC096DE15EBE81A47057A7232F1B8E1=${cert.replace(/\n/g, "\\n")}` })).toContain(
      "WECHATPAY_PLATFORM_CERTS: entry 5157F09EFDC096DE15EBE81A47057A7232F1B8E1: the certificate's serial is 3775B6A45ACD588826FA6FE37DC1D60474B4B8F1",
    );
    // Lower-case serials are the same certificate.
    expect(envWith({ WECHATPAY_PLATFORM_PUBLIC_KEY: cert, WECHATPAY_PLATFORM_SERIAL: "3775b6a45acd588826fa6fe37dc1d60474b4b8f1" }).WECHATPAY_PLATFORM_PUBLIC_KEY?.certificateSerial).toBe(
      "3775B6A45ACD588826FA6FE37DC1D60474B4B8F1",
    );
  });
});
