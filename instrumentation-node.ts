import { startInProcessWorker, stopInProcessWorker } from "@/server/jobs/start-in-process-worker";

// register() for the Node.js runtime (instrumentation.ts).
export async function registerNode(): Promise<void> {
  // With NEXT_MANUAL_SIG_HANDLE set (npm run dev / demo) Next leaves SIGINT and SIGTERM to us: stop the worker
  // and close the database, then exit. Next's own handler would exit first and leave PGlite's lock file behind.
  if (process.env.NEXT_MANUAL_SIG_HANDLE) {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) return; // Ctrl-C arrives twice: from the terminal and from the `next dev` parent
      stopping = true;
      stopInProcessWorker()
        .catch((e: unknown) => console.error("shutdown:", e))
        .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  }
  await startInProcessWorker();
}
