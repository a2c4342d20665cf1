// Next.js calls register() once per server process. The in-process worker runs here for `npm run dev`
// and `npm run demo` (WORKER_IN_PROCESS=auto: on for the embedded database, which allows no other process).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInProcessWorker } = await import("./server/jobs/start-in-process-worker");
  await startInProcessWorker();
}
