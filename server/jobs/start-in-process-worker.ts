import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { closeDbHandle, getDbHandle } from "@/db/client";
import { getEnv } from "@/server/env";
import { log } from "@/server/lib/log";
import { processInboxApplier, stopProcessInboxApplier } from "@/server/callbacks/inbox-applier";
import { ensurePortalSchedules } from "./portal-schedules";
import { jobRegistry } from "./registry";
import { startWorker, type Worker } from "./worker";

const g = globalThis as unknown as { __payopsWorker?: Worker };

export async function startInProcessWorker(): Promise<void> {
  const env = getEnv();
  if (g.__payopsWorker) return;
  const handle = await getDbHandle();
  // Callbacks acknowledged before a restart and not applied yet: the web process's applier polls for them.
  processInboxApplier(handle.db);
  await ensurePortalSchedules(handle.db).catch((e) => log.warn("portal schedules not registered", { error: e }));
  const on = env.WORKER_IN_PROCESS === "true" || (env.WORKER_IN_PROCESS === "auto" && handle.driver === "pglite");
  if (!on) {
    log.info("in-process worker off", { driver: handle.driver, setting: env.WORKER_IN_PROCESS });
    return;
  }
  g.__payopsWorker = startWorker(handle.db, jobRegistry, { kind: "in-process" });
}

/**
 * The shutdown hook (instrumentation.ts, on SIGINT/SIGTERM): stop claiming jobs, give running ones a moment,
 * then close the process's database handle, so the embedded database is closed cleanly (no stale lock file).
 * A job cut off here is not lost: its lease runs out and it is claimed again on the next start.
 */
export async function stopInProcessWorker(graceMs = 5_000): Promise<void> {
  const worker = g.__payopsWorker;
  g.__payopsWorker = undefined;
  if (worker) await Promise.race([worker.stop(), sleep(graceMs)]);
  await Promise.race([stopProcessInboxApplier(), sleep(graceMs)]);
  await closeDbHandle();
}
