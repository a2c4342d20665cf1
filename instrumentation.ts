// Next.js calls register() once per server process. The in-process worker runs here for `npm run dev`
// and `npm run demo` (WORKER_IN_PROCESS=auto: on for the embedded database, which allows no other process).
// Node-only code lives in instrumentation-node.ts: this file is also compiled for the Edge runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerNode } = await import("./instrumentation-node");
  await registerNode();
}
