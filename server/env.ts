import "server-only";
import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { dbEnvShape, durationVar, optionalString, parsedVar } from "@/db/env";
import { parseSchedule } from "@/lib/duration";
import { KeyLoadError, loadRsaPrivateKey, loadRsaPublicKey } from "@/server/providers/shared/load-key";
import { providerConfigIssues } from "@/server/providers/shared/provider-config-issues";
import { parseWechatpayPlatformCerts } from "@/server/providers/wechatpay/platform-keys";

// The one env schema (its database section is db/env.ts, which db/ reads). Everything else calls getEnv().
const duration = durationVar;
const schedule = parsedVar(parseSchedule);
// Provider keys are parsed here, once: a key that is set but unusable stops the process at start with the
// variable's name, and adapters use the cached KeyObjects (server/providers/shared/load-key.ts: PEM with real or
// literal "\n", bare base64 as Alipay's console shows it, or a file path).
const keyVar = <T>(load: (value: string) => T) =>
  optionalString.transform((v, ctx): T | undefined => {
    if (v === undefined) return undefined;
    try {
      return load(v);
    } catch (e) {
      if (!(e instanceof KeyLoadError)) throw e;
      ctx.addIssue({ code: "custom", message: e.message });
      return z.NEVER;
    }
  });
const optionalPublicKey = keyVar(loadRsaPublicKey);
const optionalPrivateKey = keyVar(loadRsaPrivateKey);
const optionalUrl = optionalString.pipe(z.url().optional());

const DEMO_SECRET = "payops-demo-secret-change-me-in-production";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    ...dbEnvShape, // DATABASE_URL, DATABASE_DRIVER, PGLITE_DIR, NEON_WS_PROXY, DATABASE_POOL_MAX
    /**
     * The callback hot path's large statements run as named prepared statements (server/lib/sql.ts,
     * executePrepared). "false" for a pooler in transaction mode that does not carry protocol-level prepared
     * statements (PgBouncer before 1.21, or without max_prepared_statements); Neon's pooler carries them.
     */
    DATABASE_PREPARED_STATEMENTS: z.enum(["true", "false"]).default("true"),

    APP_URL: z.url().default("http://localhost:3000"),
    // Sites that may frame the embeddable pages under /embed/ (issue 9's banner): CSP frame-ancestors
    // sources, space- or comma-separated, each 'self' or an http(s) origin (a leading *. subdomain wildcard
    // allowed). Unset or empty: nobody may frame them ('none'); every other page is never framable.
    EMBED_FRAME_ANCESTORS: z
      .string()
      .default("")
      .transform((v, ctx) => {
        const sources = v.split(/[\s,]+/).filter(Boolean);
        for (const src of sources) {
          if (src !== "'self'" && !/^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i.test(src)) {
            ctx.addIssue({ code: "custom", message: `"${src.slice(0, 80)}" is not 'self' or an http(s) origin such as https://shop.example.com` });
            return z.NEVER;
          }
        }
        return sources;
      }),
    // Proxies in front of the app that append to X-Forwarded-For; 0 = none, the header is not trusted.
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // Demo-only routes (the built-in demo merchant). Unset: on outside production, off in production.
    DEMO_MODE: z.enum(["true", "false"]).optional(),
    NEXTAUTH_SECRET: z.string().min(16).default(DEMO_SECRET),
    // Not needed: next-auth gets it from APP_URL (server/auth/public-url.ts). If set, it must agree with APP_URL.
    NEXTAUTH_URL: optionalUrl,
    SESSION_MAX_AGE: duration("8h"),
    SIGNIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
    SIGNIN_WINDOW: duration("15m"),
    BUSINESS_TIMEZONE: z.string().default("Asia/Shanghai"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),

    MERCHANT_API_KEY: z.string().min(8).default("demo-merchant-key"),
    CRON_SECRET: z.string().min(8).default("demo-cron-secret"),

    ALIPAY_APP_ID: optionalString.pipe(z.string().regex(/^\d{16}$/, "must be the 16-digit app id").optional()),
    ALIPAY_PUBLIC_KEY: optionalPublicKey.transform((k) => k?.key),
    ALIPAY_APP_PRIVATE_KEY: optionalPrivateKey,
    // Our seller uid (2088…); when set, a notify for another seller is rejected.
    ALIPAY_SELLER_ID: optionalString.pipe(z.string().regex(/^2088\d{12}$/, "must be the 16-digit seller uid starting 2088").optional()),
    ALIPAY_GATEWAY_URL: z.url().default("https://openapi.alipay.com/gateway.do"),

    WECHATPAY_MCH_ID: optionalString.pipe(z.string().regex(/^\d{8,12}$/, "must be the numeric merchant id").optional()),
    // Serial → key of every platform certificate / WeChat Pay public key currently trusted (rotation).
    WECHATPAY_PLATFORM_CERTS: optionalString.transform((v, ctx): ReadonlyMap<string, KeyObject> => {
      if (v === undefined) return new Map();
      try {
        return parseWechatpayPlatformCerts(v);
      } catch (e) {
        if (!(e instanceof KeyLoadError)) throw e;
        ctx.addIssue({ code: "custom", message: e.message });
        return z.NEVER;
      }
    }),
    // One more platform key and its serial (the single-certificate configuration of earlier versions).
    WECHATPAY_PLATFORM_PUBLIC_KEY: optionalPublicKey,
    WECHATPAY_PLATFORM_SERIAL: optionalString.pipe(z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "must be a certificate serial or PUB_KEY_ID_…").optional()),
    // AEAD_AES_256_GCM key: its UTF-8 bytes are the AES-256 key, so exactly 32 of them.
    WECHATPAY_APIV3_KEY: optionalString.refine((v) => v === undefined || Buffer.byteLength(v, "utf8") === 32, {
      message: "must be exactly 32 bytes (the APIv3 key set in the merchant platform)",
    }),
    WECHATPAY_MERCHANT_PRIVATE_KEY: optionalPrivateKey,
    WECHATPAY_MERCHANT_SERIAL: optionalString.pipe(z.string().regex(/^[0-9A-Fa-f]{8,64}$/, "must be the merchant API certificate's hex serial").optional()),
    WECHATPAY_API_BASE_URL: z.url().default("https://api.mch.weixin.qq.com"),

    STRIPE_WEBHOOK_SECRET: optionalString.pipe(z.string().regex(/^whsec_[A-Za-z0-9_+/=-]{8,}$/, "must be the endpoint's signing secret whsec_…").optional()),
    STRIPE_SECRET_KEY: optionalString.pipe(z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/, "must be a secret key sk_… or restricted key rk_…").optional()),
    STRIPE_API_BASE_URL: z.url().default("https://api.stripe.com"),

    SANDBOX_WEBHOOK_SECRET: z.string().min(8).default("sandbox-demo-webhook-secret"),
    SANDBOX_API_BASE_URL: z.url().default("http://127.0.0.1:4010"),

    FULFILMENT_WEBHOOK_URL: optionalUrl,
    FULFILMENT_WEBHOOK_SECRET: z.string().min(8).default("demo-fulfilment-secret"),
    FULFILMENT_RETRY_SCHEDULE: schedule("10s,30s,1m,3m,10m,30m,1h,3h,6h,12h"),
    FULFILMENT_TIMEOUT: duration("10s"),
    // Refunds (issue 10): a refund the provider is still processing, or whose outcome is unknown, is asked again
    // on this schedule with the same refund no (never a new one: that could pay twice).
    REFUND_RETRY_SCHEDULE: schedule("5s,30s,1m,5m,15m,1h,3h,6h,12h"),
    DEMO_MERCHANT_FAIL_RATE: z.coerce.number().min(0).max(1).default(0),

    // Reconciliation (issue 11). A paid order not fulfilled within FULFIL_SLA is flagged for review. A payment
    // within RECON_GRACE of a statement day's cut-off that the next day's statement carries is not an exception.
    // Differences up to RECON_WRITE_OFF_MAX (major units, in the order's currency) may be written off by rule.
    // Fee rates per provider in basis points, optionally plus a fixed fee in minor units ("stripe:290+30");
    // a fee differing by more than RECON_FEE_TOLERANCE_MINOR is a medium-risk fee_mismatch, up to it low.
    // The daily statement pull runs at RECON_PULL_AT (HH:MM, business time zone) for the day before.
    FULFIL_SLA: duration("10m"),
    RECON_GRACE: duration("15m"),
    RECON_WRITE_OFF_MAX: z.string().regex(/^\d+(\.\d+)?$/, "must be a decimal amount such as 0.10").default("0.10"),
    RECON_FEE_RATES: z
      .string()
      .regex(/^(\s*[a-z]+:\d+(\+\d+)?\s*)(,\s*[a-z]+:\d+(\+\d+)?\s*)*$/, 'must look like "alipay:60,wechatpay:60,stripe:290+30,sandbox:60" (basis points, + fixed minor units)')
      .default("alipay:60,wechatpay:60,stripe:290+30,sandbox:60"),
    RECON_FEE_TOLERANCE_MINOR: z.coerce.number().int().nonnegative().default(1),
    RECON_PULL_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM").default("02:00"),

    JANITOR_AFTER: duration("5m"),
    JANITOR_SCHEDULE: schedule("5m,15m,1h,6h,24h"),
    PROVIDER_QUERY_TIMEOUT: duration("10s"),

    WORKER_IN_PROCESS: z
      .enum(["true", "false", "auto"])
      .default("auto")
      .transform((v) => v),
    WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
    JOB_POLL_INTERVAL: duration("1s"),
    JOB_LEASE: duration("2m"),
    JOB_DEFAULT_RETRY_SCHEDULE: schedule("10s,1m,5m,30m,2h"),

    // Callback inbox (docs/adr/0003-callback-intake.md)
    CALLBACK_APPLY_IN_PROCESS: z.enum(["true", "false"]).default("true"),
    CALLBACK_APPLY_POLL_INTERVAL: duration("500ms"),
    CALLBACK_APPLY_GATHER: duration("30ms"),
    CALLBACK_REJECTED_PER_WINDOW: z.coerce.number().int().nonnegative().default(100),
    CALLBACK_REJECTED_WINDOW: duration("1m"),
    CALLBACK_REJECTED_RETENTION: duration("30d"),
    // Business metrics and alerting (issue 8, docs/adr/0006-alerting-detection.md)
    METRICS_RETENTION: duration("90d"),
    METRICS_RECOMPUTE: duration("15m"),
    METRICS_SETTLE: duration("1m"),
    ALERT_GROUP_WAIT: duration("30s"),
    ALERT_REPEAT_INTERVAL: duration("4h"),
    ALERT_ESCALATE_AFTER: duration("15m"),
    // Alert delivery (docs/adr/0007-alert-delivery.md). Every channel is optional: unset = "not configured",
    // its deliveries are logged as failed with that reason. Secrets are never logged.
    ALERT_DINGTALK_WEBHOOK_URL: optionalUrl, // https://oapi.dingtalk.com/robot/send?access_token=…
    ALERT_DINGTALK_SECRET: optionalString.pipe(z.string().regex(/^SEC[A-Za-z0-9]+$/, "must be the robot's signing secret SEC…").optional()),
    ALERT_WECOM_WEBHOOK_URL: optionalUrl, // https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
    ALERT_SMS_PROVIDER: z.enum(["aliyun", "tencent"]).optional(),
    // Default: https://dysmsapi.aliyuncs.com/ or https://sms.tencentcloudapi.com/
    ALERT_SMS_ENDPOINT: optionalUrl,
    ALERT_SMS_ACCESS_KEY_ID: optionalString, // Aliyun AccessKeyId / Tencent SecretId
    ALERT_SMS_ACCESS_KEY_SECRET: optionalString, // Aliyun AccessKeySecret / Tencent SecretKey
    ALERT_SMS_SIGN_NAME: optionalString,
    ALERT_SMS_TEMPLATE: optionalString, // Aliyun TemplateCode (SMS_…) / Tencent TemplateId
    ALERT_SMS_SDK_APP_ID: optionalString, // Tencent only
    ALERT_SMS_REGION: z.string().default("ap-guangzhou"), // Tencent only
    ALERT_SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, "must be smtp://user:pass@host:587 or smtps://…").optional()),
    ALERT_EMAIL_FROM: z.string().default("PayOps alerts <alerts@payops.local>"),
    ALERT_DELIVERY_RETRY_SCHEDULE: schedule("30s,2m,10m"),
    ALERT_DELIVERY_TIMEOUT: duration("10s"),
    ALERT_ACK_LINK_TTL: duration("24h"),
    // Personal notices to affected users (issue 9, README "Personal notices"). SMS goes through the alert SMS
    // adapter above (USER_NOTICE_SMS_TEMPLATE overrides its template: one parameter, `content`).
    NOTICE_AFTER: duration("10m"),
    USER_NOTICE_SMS_TEMPLATE: optionalString,
    USER_NOTICE_RETRY_SCHEDULE: schedule("30s,2m,10m,30m"),
    USER_PUSH_WEBHOOK_URL: optionalUrl,
    USER_PUSH_WEBHOOK_SECRET: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    // Benchmark only (bench/callbacks.ts): enables /api/bench/naive-intake against this database.
    BENCH_NAIVE_INTAKE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional()),
  })
  .superRefine((env, ctx) => {
    if (env.NEXTAUTH_URL && new URL(env.NEXTAUTH_URL).origin !== new URL(env.APP_URL).origin) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "must be unset or have the same origin as APP_URL" });
    }
    if (env.USER_PUSH_WEBHOOK_URL && !env.USER_PUSH_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["USER_PUSH_WEBHOOK_SECRET"], message: "is required when USER_PUSH_WEBHOOK_URL is set (the push is signed with it)" });
    }
    for (const issue of providerConfigIssues(env)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
    if (env.NODE_ENV === "production") {
      for (const key of ["NEXTAUTH_SECRET", "MERCHANT_API_KEY", "CRON_SECRET", "SANDBOX_WEBHOOK_SECRET", "FULFILMENT_WEBHOOK_SECRET"] as const) {
        if (/demo|change-me/.test(String(env[key]))) {
          ctx.addIssue({ code: "custom", path: [key], message: "must be set to a real secret in production" });
        }
      }
    }
  });

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    // Names and reasons only: values may be secrets.
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change process.env between cases; they call this to re-read it. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Demo mode: DEMO_MODE if set, else anything but production. */
export function isDemoMode(env: Env = getEnv()): boolean {
  return env.DEMO_MODE ? env.DEMO_MODE === "true" : env.NODE_ENV !== "production";
}
