import { getDbHandle } from "@/db/client";
import { getEnv } from "@/server/env";
import { log } from "@/server/lib/log";
import { jobRegistry } from "./registry";
import { startWorker, type Worker } from "./worker";

const g = globalThis as unknown as { __payopsWorker?: Worker };

export async function startInProcessWorker(): Promise<void> {
  const env = getEnv();
  if (g.__payopsWorker) return;
  const handle = await getDbHandle();
  const on = env.WORKER_IN_PROCESS === "true" || (env.WORKER_IN_PROCESS === "auto" && handle.driver === "pglite");
  if (!on) {
    log.info("in-process worker off", { driver: handle.driver, setting: env.WORKER_IN_PROCESS });
    return;
  }
  g.__payopsWorker = startWorker(handle.db, jobRegistry, { kind: "in-process" });
}
