import { createCipheriv, generateKeyPairSync, randomBytes } from "node:crypto";
import type { Provider } from "@/lib/enums";
import { getEnv, resetEnvCache, type Env } from "@/server/env";
import { formatBeijingTime } from "@/server/providers/shared/beijing-time";
import { minorToMajorString } from "@/lib/money";
import { encodeInCharset, formEncodeBytes } from "@/server/providers/alipay/decode-form";
import { buildAlipaySignContent } from "@/server/providers/alipay/sign-content";
import { signRsaSha256 } from "@/server/providers/shared/rsa";
import { formatTimestampedHmacHeader } from "@/server/lib/timestamped-hmac";
import { signSandboxPayload } from "@/server/providers/sandbox/sign";

// Signed provider messages for tests, made with real keys generated here: our verification code runs for
// real against them. RSA-2048 generation costs ~50–200 ms per pair, so create the key set once per file.

export interface RsaKeyPair {
  publicKey: string;
  privateKey: string;
}

export interface ProviderTestKeys {
  alipay: { appId: string; platform: RsaKeyPair; app: RsaKeyPair };
  wechatpay: { mchId: string; platformSerial: string; merchantSerial: string; platform: RsaKeyPair; merchant: RsaKeyPair; apiV3Key: string };
  stripe: { webhookSecret: string; secretKey: string };
  sandbox: { webhookSecret: string };
}

export function generateRsaKeyPair(): RsaKeyPair {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

/**
 * Fresh keys for every provider. `pairs: 2` generates only two RSA pairs (generation is the slow part) and
 * gives one to every provider-side role (Alipay's and WeChat Pay's platform) and the other to every role of
 * ours (Alipay app, WeChat Pay merchant): enough for tests of one provider at a time, which never need two
 * providers' keys to differ.
 */
export function createProviderTestKeys(opts: { pairs?: 2 | 4 } = {}): ProviderTestKeys {
  const shared = opts.pairs === 2 ? { provider: generateRsaKeyPair(), ours: generateRsaKeyPair() } : undefined;
  const pair = (role: "provider" | "ours") => shared?.[role] ?? generateRsaKeyPair();
  return {
    alipay: { appId: "2021000000000001", platform: pair("provider"), app: pair("ours") },
    wechatpay: {
      mchId: "1900000109",
      platformSerial: "PUB_KEY_ID_0112345678901234567890",
      merchantSerial: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
      platform: pair("provider"),
      merchant: pair("ours"),
      // 32 printable bytes, as the merchant platform requires for an APIv3 key.
      apiV3Key: randomBytes(16).toString("hex"),
    },
    stripe: { webhookSecret: `whsec_${randomBytes(16).toString("hex")}`, secretKey: `sk_test_${randomBytes(12).toString("hex")}` },
    sandbox: { webhookSecret: `sbx_${randomBytes(16).toString("hex")}` },
  };
}

/** Env vars that make our adapters trust `keys` (merge over TEST_ENV, then resetEnvCache()). */
export function providerTestEnv(keys: ProviderTestKeys): Record<string, string> {
  return {
    ALIPAY_APP_ID: keys.alipay.appId,
    ALIPAY_PUBLIC_KEY: keys.alipay.platform.publicKey,
    ALIPAY_APP_PRIVATE_KEY: keys.alipay.app.privateKey,
    WECHATPAY_MCH_ID: keys.wechatpay.mchId,
    WECHATPAY_PLATFORM_PUBLIC_KEY: keys.wechatpay.platform.publicKey,
    WECHATPAY_PLATFORM_SERIAL: keys.wechatpay.platformSerial,
    WECHATPAY_APIV3_KEY: keys.wechatpay.apiV3Key,
    WECHATPAY_MERCHANT_PRIVATE_KEY: keys.wechatpay.merchant.privateKey,
    WECHATPAY_MERCHANT_SERIAL: keys.wechatpay.merchantSerial,
    STRIPE_WEBHOOK_SECRET: keys.stripe.webhookSecret,
    STRIPE_SECRET_KEY: keys.stripe.secretKey,
    SANDBOX_WEBHOOK_SECRET: keys.sandbox.webhookSecret,
  };
}

/** Puts providerTestEnv(keys) (plus overrides) into process.env and returns the freshly parsed Env. */
export function applyProviderTestEnv(keys: ProviderTestKeys, overrides: Record<string, string> = {}): Env {
  Object.assign(process.env, providerTestEnv(keys), overrides);
  resetEnvCache();
  return getEnv();
}

export type SignableState = "PAID" | "CLOSED" | "FAILED" | "PENDING";

export interface PaymentEventInput {
  orderNo: string;
  transactionId: string;
  amountMinor: number;
  currency: string;
  state: SignableState;
  eventId: string;
  /** When the payment event happened (pay time). */
  at: Date;
}

export interface SignOptions {
  /** Signing time (headers' timestamps); defaults to now. */
  now?: Date;
}

export interface SignedMessage {
  headers: Record<string, string>;
  body: string;
}

const nowSeconds = (o?: SignOptions) => Math.floor((o?.now ?? new Date()).getTime() / 1000);

// ---- Alipay ----------------------------------------------------------------------------------------

const ALIPAY_STATUS: Record<SignableState, string | undefined> = { PAID: "TRADE_SUCCESS", CLOSED: "TRADE_CLOSED", PENDING: "WAIT_BUYER_PAY", FAILED: undefined };

export function alipayTradeStatus(state: SignableState): string {
  const s = ALIPAY_STATUS[state];
  if (!s) throw new Error(`alipay has no trade_status for ${state}`);
  return s;
}

/**
 * Signs arbitrary notify params as Alipay does (everything but sign/sign_type, sorted, as bytes in the
 * params' `charset`) → form body with every value percent-encoded in that charset (GBK notifies included).
 */
export function signAlipayParams(keys: ProviderTestKeys, params: Record<string, string>, opts: { signType?: string; privateKey?: string } = {}): string {
  const signType = opts.signType ?? "RSA2";
  const charset = params.charset ?? "utf-8";
  const content = encodeInCharset(buildAlipaySignContent(Object.entries(params)), charset);
  const sign = signRsaSha256(opts.privateKey ?? keys.alipay.platform.privateKey, content);
  return Object.entries({ ...params, sign_type: signType, sign })
    .map(([k, v]) => `${formEncodeBytes(Buffer.from(k, "utf8"))}=${formEncodeBytes(encodeInCharset(v, charset))}`)
    .join("&");
}

export function alipayNotifyParams(keys: ProviderTestKeys, e: PaymentEventInput, opts?: SignOptions): Record<string, string> {
  if (e.currency !== "CNY") throw new Error("alipay notifies CNY only");
  const amount = minorToMajorString(e.amountMinor, "CNY");
  const params: Record<string, string> = {
    notify_time: formatBeijingTime(opts?.now ?? new Date()),
    notify_type: "trade_status_sync",
    notify_id: e.eventId,
    app_id: keys.alipay.appId,
    auth_app_id: keys.alipay.appId,
    charset: "utf-8",
    version: "1.0",
    trade_no: e.transactionId,
    out_trade_no: e.orderNo,
    buyer_id: "2088102177846880",
    seller_id: "2088101106499364",
    trade_status: alipayTradeStatus(e.state),
    total_amount: amount,
    receipt_amount: amount,
    buyer_pay_amount: amount,
    subject: "洗衣订单",
    gmt_create: formatBeijingTime(new Date(e.at.getTime() - 7_000)),
    fund_bill_list: JSON.stringify([{ amount, fundChannel: "ALIPAYACCOUNT" }]),
  };
  if (e.state === "PAID") params.gmt_payment = formatBeijingTime(e.at);
  if (e.state === "CLOSED") params.gmt_close = formatBeijingTime(e.at);
  return params;
}

export function signAlipayNotify(keys: ProviderTestKeys, e: PaymentEventInput, opts?: SignOptions): SignedMessage {
  return {
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    body: signAlipayParams(keys, alipayNotifyParams(keys, e, opts)),
  };
}

// ---- WeChat Pay ------------------------------------------------------------------------------------

const WECHAT_STATE: Record<SignableState, string> = { PAID: "SUCCESS", CLOSED: "CLOSED", FAILED: "PAYERROR", PENDING: "NOTPAY" };

/** "2026-09-15T10:30:12+08:00" as WeChat writes it. */
export function wechatTime(at: Date): string {
  return `${formatBeijingTime(at).replace(" ", "T")}+08:00`;
}

export function wechatTransaction(keys: ProviderTestKeys, e: Omit<PaymentEventInput, "eventId">): Record<string, unknown> {
  const tx: Record<string, unknown> = {
    mchid: keys.wechatpay.mchId,
    appid: "wxd678efh567hg6787",
    out_trade_no: e.orderNo,
    transaction_id: e.transactionId,
    trade_type: "JSAPI",
    trade_state: WECHAT_STATE[e.state],
    trade_state_desc: e.state === "PAID" ? "支付成功" : e.state,
    bank_type: "OTHERS",
    attach: "",
    payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
    amount: { total: e.amountMinor, payer_total: e.amountMinor, currency: e.currency, payer_currency: e.currency },
  };
  if (e.state === "PAID") tx.success_time = wechatTime(e.at);
  return tx;
}

export function encryptWechatResource(apiV3Key: string, plaintext: string, nonce: string, associatedData: string): string {
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]).toString("base64");
}

/** Which platform key signs, and the Wechatpay-Serial it announces (certificate rotation). */
export type WechatpaySignOptions = SignOptions & { privateKey?: string; serial?: string };

/** Wechatpay-* headers over a body, signed with the platform key (callbacks and API answers alike). */
export function wechatpayResponseHeaders(keys: ProviderTestKeys, body: string, opts?: WechatpaySignOptions): Record<string, string> {
  const ts = String(nowSeconds(opts));
  const nonce = randomBytes(16).toString("hex");
  return {
    "wechatpay-timestamp": ts,
    "wechatpay-nonce": nonce,
    "wechatpay-serial": opts?.serial ?? keys.wechatpay.platformSerial,
    "wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048",
    "wechatpay-signature": signRsaSha256(opts?.privateKey ?? keys.wechatpay.platform.privateKey, `${ts}\n${nonce}\n${body}\n`),
  };
}

export function signWechatpayEnvelope(keys: ProviderTestKeys, envelope: Record<string, unknown>, opts?: WechatpaySignOptions): SignedMessage {
  const body = JSON.stringify(envelope);
  return { headers: { "content-type": "application/json", ...wechatpayResponseHeaders(keys, body, opts) }, body };
}

export function wechatpayEnvelope(keys: ProviderTestKeys, e: PaymentEventInput, tx: Record<string, unknown> = wechatTransaction(keys, e)): Record<string, unknown> {
  const nonce = randomBytes(6).toString("hex");
  return {
    id: e.eventId,
    create_time: wechatTime(new Date(e.at.getTime() + 1000)),
    resource_type: "encrypt-resource",
    event_type: e.state === "PAID" ? "TRANSACTION.SUCCESS" : "TRANSACTION.FAIL",
    summary: e.state === "PAID" ? "支付成功" : "支付失败",
    resource: {
      original_type: "transaction",
      algorithm: "AEAD_AES_256_GCM",
      ciphertext: encryptWechatResource(keys.wechatpay.apiV3Key, JSON.stringify(tx), nonce, "transaction"),
      associated_data: "transaction",
      nonce,
    },
  };
}

export function signWechatpayNotify(keys: ProviderTestKeys, e: PaymentEventInput, opts?: WechatpaySignOptions): SignedMessage {
  return signWechatpayEnvelope(keys, wechatpayEnvelope(keys, e), opts);
}

// ---- Stripe ----------------------------------------------------------------------------------------

const STRIPE_EVENT: Record<SignableState, string> = {
  PAID: "payment_intent.succeeded",
  CLOSED: "payment_intent.canceled",
  FAILED: "payment_intent.payment_failed",
  PENDING: "payment_intent.processing",
};
const STRIPE_STATUS: Record<SignableState, string> = { PAID: "succeeded", CLOSED: "canceled", FAILED: "requires_payment_method", PENDING: "processing" };

export function stripePaymentIntent(e: Omit<PaymentEventInput, "eventId">): Record<string, unknown> {
  return {
    id: e.transactionId,
    object: "payment_intent",
    amount: e.amountMinor,
    amount_received: e.state === "PAID" ? e.amountMinor : 0,
    currency: e.currency.toLowerCase(),
    status: STRIPE_STATUS[e.state],
    latest_charge: `ch_${e.transactionId.replace(/^pi_/, "")}`,
    customer: "cus_Q1w2e3r4t5",
    metadata: { order_no: e.orderNo },
    created: Math.floor(e.at.getTime() / 1000) - 10,
    livemode: false,
  };
}

export function signStripeBody(keys: ProviderTestKeys, body: string, opts?: SignOptions & { secret?: string }): SignedMessage {
  return {
    headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": formatTimestampedHmacHeader(opts?.secret ?? keys.stripe.webhookSecret, body, nowSeconds(opts)) },
    body,
  };
}

export function signStripeEvent(keys: ProviderTestKeys, e: PaymentEventInput, opts?: SignOptions): SignedMessage {
  const event = {
    id: e.eventId,
    object: "event",
    api_version: "2024-06-20",
    created: Math.floor(e.at.getTime() / 1000),
    type: STRIPE_EVENT[e.state],
    livemode: false,
    pending_webhooks: 1,
    request: { id: "req_aBcDeF123456", idempotency_key: e.orderNo },
    data: { object: stripePaymentIntent(e) },
  };
  return signStripeBody(keys, JSON.stringify(event), opts);
}

// ---- Sandbox ---------------------------------------------------------------------------------------

const SANDBOX_STATUS: Record<SignableState, string> = { PAID: "SUCCESS", CLOSED: "CLOSED", FAILED: "FAILED", PENDING: "PENDING" };

export function sandboxStatus(state: SignableState): string {
  return SANDBOX_STATUS[state];
}

export function signSandboxBody(keys: ProviderTestKeys, body: string, opts?: SignOptions): SignedMessage {
  return { headers: { "content-type": "application/json", "sandbox-signature": signSandboxPayload(keys.sandbox.webhookSecret, body, nowSeconds(opts)) }, body };
}

export function signSandboxCallback(keys: ProviderTestKeys, e: PaymentEventInput, opts?: SignOptions): SignedMessage {
  const body = JSON.stringify({
    eventId: e.eventId,
    orderNo: e.orderNo,
    transactionId: e.transactionId,
    amountMinor: e.amountMinor,
    currency: e.currency,
    status: SANDBOX_STATUS[e.state],
    paidAt: e.at.toISOString(),
  });
  return signSandboxBody(keys, body, opts);
}

// ---- Any provider ----------------------------------------------------------------------------------

/** A signed callback for `provider`, ready for adapter.verify() or a POST to /api/callbacks/<provider>. */
export function signProviderCallback(provider: Provider, keys: ProviderTestKeys, e: PaymentEventInput, opts?: SignOptions): SignedMessage {
  switch (provider) {
    case "alipay":
      return signAlipayNotify(keys, e, opts);
    case "wechatpay":
      return signWechatpayNotify(keys, e, opts);
    case "stripe":
      return signStripeEvent(keys, e, opts);
    case "sandbox":
      return signSandboxCallback(keys, e, opts);
  }
}

/** Provider-shaped transaction ids, so fixtures look like the real thing. */
export function fakeTransactionId(provider: Provider, seq: number | string = Date.now()): string {
  const digits = String(seq).padStart(10, "0");
  switch (provider) {
    case "alipay":
      return `202609152200144688${digits}`.slice(0, 28);
    case "wechatpay":
      return `420000234520260915${digits}`.slice(0, 28);
    case "stripe":
      return `pi_3QaBcD2eZvKYlo2C${digits}`;
    case "sandbox":
      return `SBX${digits}`;
  }
}
