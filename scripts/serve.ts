// `npm start` / `npm run dev`: Next.js behind our own node:http server (Next's documented custom server).
//
// Why not `next start`: route handlers cannot see the socket, and Next copies the socket address into
// X-Forwarded-For only when the client sent none (`??=` in next/dist/server/base-server.js), so without a
// proxy in front every client address would be the client's own claim. Here each request gets the socket
// address in x-payops-peer (any value the client sent is deleted first: lib/peer-address.ts), which
// server/lib/http.ts trusts when TRUSTED_PROXY_HOPS=0. Everything else is Next's own request handler:
// proxy.ts (CSP nonces, the sign-in redirect), instrumentation.ts (register() and the in-process worker,
// run by prepare()), static files and HMR in dev.
//
//   tsx scripts/serve.ts [--dev] [-p PORT] [-H HOSTNAME] [--keepAliveTimeout MS]
//   (PORT / HOSTNAME / KEEP_ALIVE_TIMEOUT from the environment too)
//
// Runs without --conditions=react-server: Next sets up its own module conditions, and this file imports
// nothing of the app but lib/peer-address.ts.
import { createServer } from "node:http";
import { stampPeer } from "../lib/peer-address";

function flag(short: string, long: string): string | undefined {
  const i = process.argv.findIndex((a) => a === short || a === long);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dev = process.argv.includes("--dev");
const port = Number(flag("-p", "--port") ?? process.env.PORT ?? 3000);
// Like `next start`: all interfaces unless a hostname is given.
const hostname = flag("-H", "--hostname") ?? process.env.HOSTNAME;
// How long an idle keep-alive connection stays open (`next start --keepAliveTimeout`). Node's default is 5 s,
// shorter than the idle timeout of the proxies and load balancers usually in front (nginx and AWS ALB: 60 s),
// which then reuse a connection we are closing and answer 502. A client that keeps its connections (a
// provider, a proxy) also avoids opening them again: Node accepts one new connection per event-loop turn,
// so many opened at once against a busy server wait their turn (docs/PERFORMANCE.md).
const keepAliveTimeout = Number(flag("--keepAliveTimeout", "--keepAliveTimeout") ?? process.env.KEEP_ALIVE_TIMEOUT ?? 65_000);
if (!Number.isInteger(keepAliveTimeout) || keepAliveTimeout < 0) throw new Error(`--keepAliveTimeout / KEEP_ALIVE_TIMEOUT must be milliseconds (an integer ≥ 0), not ${keepAliveTimeout}`);
// Set before Next is loaded; `next start` / `next dev` do the same. (NODE_ENV is typed read-only by Next.)
Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
// Shutdown is ours and instrumentation.ts's (stop the worker, close the database, exit), not Next's.
process.env.NEXT_MANUAL_SIG_HANDLE ??= "true";
// tsx, which runs this file, turns on Node's source maps for the whole process. `next start` runs without
// them, and so does this server in production unless asked (NODE_OPTIONS=--enable-source-maps): with them on,
// Node reads and keeps the source map of every chunk Next loads, about 60 MB of the heap that every full
// collection marks again (docs/PERFORMANCE.md). `next dev` turns them on; so does --dev here.
if (!dev && !process.execArgv.includes("--enable-source-maps") && !/(^|\s)--enable-source-maps\b/.test(process.env.NODE_OPTIONS ?? "")) process.setSourceMapsEnabled(false);

const { default: next } = await import("next");
const server = createServer();
server.keepAliveTimeout = keepAliveTimeout;
const app = next({ dev, dir: process.cwd(), hostname: hostname ?? "localhost", port, httpServer: server });
await app.prepare();
const handle = app.getRequestHandler();

server.on("request", (req, res) => {
  stampPeer(req);
  handle(req, res).catch((e: unknown) => {
    console.error("request failed", e);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(port, hostname, resolve);
});
console.log(`PayOps ${dev ? "dev" : "production"} server on http://${hostname ?? "localhost"}:${port}`);

// instrumentation-node.ts listens for the same signals when NEXT_MANUAL_SIG_HANDLE is set and exits once
// the worker has stopped and the database is closed. This handler stops taking connections and, if nobody
// else is listening (instrumentation not loaded), exits itself once Next has closed.
const exitTimeoutMs = Number(process.env.NEXT_EXIT_TIMEOUT_MS ?? 15_000);
let stopping = false;
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return; // Ctrl-C arrives twice: from the terminal and from a parent (npm run demo)
  stopping = true;
  const code = signal === "SIGINT" ? 130 : 143;
  server.close();
  server.closeIdleConnections();
  setTimeout(() => {
    console.error(`${signal}: not stopped within ${exitTimeoutMs} ms; exiting`);
    process.exit(code);
  }, exitTimeoutMs).unref();
  const othersListening = process.listenerCount(signal) > 1;
  void app.close().finally(() => {
    if (!othersListening) process.exit(code);
  });
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
