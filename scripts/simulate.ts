import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { getEnv } from "@/server/env";
import { startSimulator } from "./simulator/run-simulator";
import { isScenario, SCENARIOS } from "./simulator/scenarios";

// npm run simulate -- --rate 20 --duration 120 --scenario normal [--url http://localhost:3000] [--query-port 4010]
// Same .env as the portal: the merchant API key and sandbox secret must match what it expects.
for (const file of [".env.local", ".env"]) if (existsSync(file)) process.loadEnvFile(file);

const USAGE = `usage: npm run simulate -- [--rate <orders/s>] [--duration <s>] [--scenario ${SCENARIOS.join("|")}]
                        [--url <portal url>] [--query-port <port>] [--drain <s>] [--linger <s>] [--seed <n>]`;

async function main() {
  const { values } = parseArgs({
    options: {
      rate: { type: "string", default: "1" },
      duration: { type: "string", default: "60" },
      scenario: { type: "string", default: "normal" },
      url: { type: "string" },
      "query-port": { type: "string" },
      drain: { type: "string" },
      linger: { type: "string", default: "0" },
      seed: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const env = getEnv();
  const rate = Number(values.rate);
  const duration = Number(values.duration);
  const linger = Number(values.linger);
  if (!(rate > 0) || !(duration > 0) || !(linger >= 0) || !isScenario(values.scenario)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const url = values.url ?? env.APP_URL;
  const sandboxApi = new URL(env.SANDBOX_API_BASE_URL);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(sandboxApi.hostname)) {
    console.warn(`simulate: SANDBOX_API_BASE_URL (${sandboxApi.origin}) is not loopback; the portal will not reach this simulator's query API`);
  }
  const queryPort = Number(values["query-port"] ?? (sandboxApi.port || 80));

  const handle = await startSimulator({
    url,
    rate,
    durationSec: duration,
    scenario: values.scenario,
    queryPort,
    merchantApiKey: env.MERCHANT_API_KEY,
    sandboxSecret: env.SANDBOX_WEBHOOK_SECRET,
    drainSec: values.drain === undefined ? undefined : Number(values.drain),
    seed: values.seed === undefined ? undefined : Number(values.seed),
  });
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.log("simulate: stopping (Ctrl-C again to quit at once)");
    handle.stop();
  };
  process.on("SIGINT", onSigint);
  console.log(`simulate: ${values.scenario} at ${rate} orders/s for ${duration}s → ${url}; sandbox query API on ${handle.queryBaseUrl}`);
  const summary = await handle.done;
  console.log(summary.text);
  if (linger > 0 && !interrupted) {
    // The janitor may only ask about withheld callbacks minutes later (JANITOR_AFTER).
    console.log(`simulate: serving the sandbox query API for ${linger}s more (Ctrl-C stops)`);
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, linger * 1000);
      process.once("SIGINT", () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
  await handle.close();
  process.off("SIGINT", onSigint);
}

main().catch((e: unknown) => {
  console.error(`simulate: ${(e as Error).message}`);
  process.exitCode = 1;
});
