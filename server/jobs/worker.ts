import "server-only";
import { hostname } from "node:os";
import type { Db } from "@/db/client";
import { getEnv } from "@/server/env";
import { log } from "@/server/lib/log";
import { claimJobs, runClaimedJob } from "./run-jobs";
import { runDueSchedules } from "./schedules";
import type { JobRegistry } from "./types";

export interface Worker {
  id: string;
  stop(): Promise<void>;
}

export function newWorkerId(kind: string): string {
  return `${kind}:${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A polling worker: up to `concurrency` jobs in flight, claiming more as slots free up. Used in-process
 * by `npm run dev`/`demo` and as its own process by `npm run worker`.
 */
export function startWorker(db: Db, registry: JobRegistry, opts: { kind?: string; concurrency?: number; pollMs?: number } = {}): Worker {
  const env = getEnv();
  const id = newWorkerId(opts.kind ?? "worker");
  const concurrency = opts.concurrency ?? env.WORKER_CONCURRENCY;
  const pollMs = opts.pollMs ?? env.JOB_POLL_INTERVAL;
  let stopping = false;
  const inFlight = new Set<Promise<unknown>>();
  let wake: (() => void) | undefined;

  const loop = async () => {
    log.info("worker started", { workerId: id, concurrency });
    while (!stopping) {
      let claimed = 0;
      try {
        await runDueSchedules(db);
        const free = concurrency - inFlight.size;
        if (free > 0) {
          const jobs = await claimJobs(db, id, free, env.JOB_LEASE);
          claimed = jobs.length;
          for (const job of jobs) {
            const p: Promise<unknown> = runClaimedJob(db, registry, job, id)
              .catch((e) => log.error("job crashed the runner", { jobId: job.id, error: e }))
              .finally(() => {
                inFlight.delete(p);
                wake?.();
              });
            inFlight.add(p);
          }
        }
      } catch (e) {
        log.error("worker tick failed", { workerId: id, error: e });
      }
      if (stopping) break;
      // Poll again at once while there is work and room; otherwise wait for a slot or the poll interval.
      if (claimed > 0 && inFlight.size < concurrency) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    await Promise.allSettled([...inFlight]);
    log.info("worker stopped", { workerId: id });
  };
  const done = loop();
  return {
    id,
    async stop() {
      stopping = true;
      wake?.();
      await done;
    },
  };
}
