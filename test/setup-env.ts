import { resetEnvCache } from "@/server/env";
import { TEST_ENV } from "./test-env";

// Test files share their worker process (vitest.config.ts: isolate false), so each one starts from the same
// environment whatever the file before it set or deleted: the worker's first environment, plus TEST_ENV.
const g = globalThis as { __payopsBaseEnv?: Record<string, string | undefined> };
g.__payopsBaseEnv ??= { ...process.env };
const base = g.__payopsBaseEnv;
for (const k of Object.keys(process.env)) if (!(k in base)) delete process.env[k];
Object.assign(process.env, base);
for (const [k, v] of Object.entries(TEST_ENV)) process.env[k] = v;
resetEnvCache();
