import { chooseDriver, getDbHandle } from "@/db/client";
import { startWorkerInboxApplier } from "@/server/callbacks/start-callback-background";
import { getEnv } from "@/server/env";
import { ensurePortalSchedules } from "@/server/jobs/portal-schedules";
import { jobRegistry } from "@/server/jobs/registry";
import { startWorker } from "@/server/jobs/worker";
import { log } from "@/server/lib/log";

// `npm run worker`: a job worker as its own process, for a Node deployment on PostgreSQL. Run as many as
// you like next to the web servers: jobs are claimed with FOR UPDATE SKIP LOCKED under a lease, so workers
// never share a job and a dead worker's jobs come back when its lease runs out (docs/adr/0002-job-runner.md).
// It also applies stored callbacks the web processes have not (docs/adr/0003-callback-intake.md).

async function main() {
  const env = getEnv();
  const driver = chooseDriver(env.DATABASE_URL, env.DATABASE_DRIVER);
  if (driver === "pglite") {
    // Two processes opening one PGlite directory corrupt it; the portal's in-process worker covers PGlite.
    console.error(
      [
        "npm run worker: refusing to start on the embedded PGlite database.",
        "PGlite is single-process: the web server (`npm run dev` / `npm run demo` / `npm start`) already runs",
        "the jobs in-process. Set DATABASE_URL to a PostgreSQL server to run separate workers.",
      ].join("\n"),
    );
    process.exit(2);
  }

  const handle = await getDbHandle();
  await ensurePortalSchedules(handle.db);
  const worker = startWorker(handle.db, jobRegistry, { kind: "worker" });
  // Callbacks stored by the web processes and not applied yet (their own appliers normally win the race).
  const inbox = await startWorkerInboxApplier(handle.db);
  log.info("worker process ready", { workerId: worker.id, driver: handle.driver, jobTypes: [...jobRegistry.keys()] });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn("second signal: exiting without waiting for running jobs", { signal });
      process.exit(1);
    }
    stopping = true;
    log.info("worker stopping: finishing running jobs", { signal, workerId: worker.id });
    // Jobs still running when the lease ends would be re-claimed by another worker anyway, so waiting
    // longer than the lease gains nothing (and a deploy should not hang on a stuck handler).
    const deadline = setTimeout(() => {
      log.error("worker did not stop within the job lease; exiting", { workerId: worker.id, leaseMs: env.JOB_LEASE });
      process.exit(1);
    }, env.JOB_LEASE);
    deadline.unref();
    void Promise.all([worker.stop(), inbox.stop()])
      .then(() => handle.close())
      .then(() => process.exit(0))
      .catch((e) => {
        log.error("worker shutdown failed", { error: e });
        process.exit(1);
      });
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((e) => {
  // Drizzle wraps driver errors ("Failed query: …"); the cause says why (permissions, connection refused).
  log.error("worker failed to start", { error: e, cause: (e as { cause?: unknown }).cause });
  process.exit(1);
});
