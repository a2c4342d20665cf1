import { z } from "zod";
import { parseDuration, parseSchedule } from "@/lib/duration";

// The one place that reads process.env. Everything else calls getEnv().
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      try {
        return parseDuration(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
        return z.NEVER;
      }
    });
const schedule = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      try {
        return parseSchedule(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
        return z.NEVER;
      }
    });
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v : undefined));
// PEM keys in env files are usually written on one line with literal "\n".
const optionalPem = optionalString.transform((v) => v?.replace(/\\n/g, "\n"));
const optionalUrl = optionalString.pipe(z.url().optional());

const DEMO_SECRET = "payops-demo-secret-change-me-in-production";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: optionalString,
    DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
    PGLITE_DIR: z.string().default(".data/pglite"),
    NEON_WS_PROXY: optionalString,
    DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),

    APP_URL: z.url().default("http://localhost:3000"),
    NEXTAUTH_SECRET: z.string().min(16).default(DEMO_SECRET),
    SESSION_MAX_AGE: duration("8h"),
    SIGNIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
    SIGNIN_WINDOW: duration("15m"),
    BUSINESS_TIMEZONE: z.string().default("Asia/Shanghai"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),

    MERCHANT_API_KEY: z.string().min(8).default("demo-merchant-key"),
    CRON_SECRET: z.string().min(8).default("demo-cron-secret"),

    ALIPAY_APP_ID: optionalString,
    ALIPAY_PUBLIC_KEY: optionalPem,
    ALIPAY_APP_PRIVATE_KEY: optionalPem,
    ALIPAY_GATEWAY_URL: z.url().default("https://openapi.alipay.com/gateway.do"),

    WECHATPAY_MCH_ID: optionalString,
    WECHATPAY_PLATFORM_PUBLIC_KEY: optionalPem,
    WECHATPAY_PLATFORM_SERIAL: optionalString,
    WECHATPAY_APIV3_KEY: optionalString,
    WECHATPAY_MERCHANT_PRIVATE_KEY: optionalPem,
    WECHATPAY_MERCHANT_SERIAL: optionalString,
    WECHATPAY_API_BASE_URL: z.url().default("https://api.mch.weixin.qq.com"),

    STRIPE_WEBHOOK_SECRET: optionalString,
    STRIPE_SECRET_KEY: optionalString,
    STRIPE_API_BASE_URL: z.url().default("https://api.stripe.com"),

    SANDBOX_WEBHOOK_SECRET: z.string().min(8).default("sandbox-demo-webhook-secret"),
    SANDBOX_API_BASE_URL: z.url().default("http://127.0.0.1:4010"),

    FULFILMENT_WEBHOOK_URL: optionalUrl,
    FULFILMENT_WEBHOOK_SECRET: z.string().min(8).default("demo-fulfilment-secret"),
    FULFILMENT_RETRY_SCHEDULE: schedule("10s,30s,1m,3m,10m,30m,1h,3h,6h,12h"),
    FULFILMENT_TIMEOUT: duration("10s"),
    DEMO_MERCHANT_FAIL_RATE: z.coerce.number().min(0).max(1).default(0),

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
  })
  .superRefine((env, ctx) => {
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

export function businessTimeZone(): string {
  return getEnv().BUSINESS_TIMEZONE;
}
