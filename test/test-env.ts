// Environment every test process starts from. Durations are shrunk so retries and the janitor run in
// milliseconds; secrets are fixed test values.
export const TEST_ENV: Record<string, string> = {
  NODE_ENV: "test",
  LOG_LEVEL: "silent",
  APP_URL: "http://127.0.0.1:3999",
  NEXTAUTH_SECRET: "test-nextauth-secret-0123456789",
  MERCHANT_API_KEY: "test-merchant-key",
  CRON_SECRET: "test-cron-secret",
  SANDBOX_WEBHOOK_SECRET: "test-sandbox-secret",
  FULFILMENT_WEBHOOK_SECRET: "test-fulfilment-secret",
  FULFILMENT_RETRY_SCHEDULE: "10ms,20ms,30ms",
  JANITOR_AFTER: "0ms",
  JANITOR_SCHEDULE: "10ms,20ms",
  JOB_POLL_INTERVAL: "20ms",
  JOB_LEASE: "2s",
  WORKER_IN_PROCESS: "false",
};
