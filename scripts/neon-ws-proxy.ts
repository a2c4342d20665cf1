import http from "node:http";
import net from "node:net";
import { pathToFileURL } from "node:url";
import { WebSocketServer, type WebSocket } from "ws";

// A WebSocket-to-TCP proxy speaking the protocol @neondatabase/serverless uses when `neonConfig.wsProxy`
// is set (see node_modules/@neondatabase/serverless/CONFIG.md, "wsProxy"): the client opens
// ws://<proxy>/v1?address=<host>:<port> and then exchanges raw PostgreSQL wire-protocol bytes as binary
// frames. Neon's own edge does this in production; we need it only to run the Neon driver against a plain
// PostgreSQL server (CI smoke test, local checks). Plain ws, no TLS: loopback use only.
//
//   npx tsx scripts/neon-ws-proxy.ts [--port 5488] [--host 127.0.0.1]
//   NEON_WS_PROXY=127.0.0.1:5488 DATABASE_DRIVER=neon DATABASE_URL=postgres://… npm run db:migrate
//
// NEON_WS_PROXY is host:port without a protocol: the driver adds ws:// itself.

export interface NeonWsProxy {
  host: string;
  port: number;
  /** What NEON_WS_PROXY should be set to. */
  address: string;
  /** WebSocket connections bridged so far (tests check the driver really went through the proxy). */
  connections(): number;
  close(): Promise<void>;
}

export interface ProxyOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Which database addresses clients may reach; default: any (the proxy itself only listens on loopback). */
  allowTarget?: (host: string, port: number) => boolean;
}

function parseTarget(rawUrl: string | undefined): { host: string; port: number } | undefined {
  const url = new URL(rawUrl ?? "/", "http://proxy");
  if (url.pathname !== "/v1" && url.pathname !== "/v2") return undefined;
  const address = url.searchParams.get("address") ?? "";
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1]!, port };
}

export async function startNeonWsProxy(opts: ProxyOptions = {}): Promise<NeonWsProxy> {
  const host = opts.host ?? "127.0.0.1";
  const server = http.createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("WebSocket upgrade required\n");
  });
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<net.Socket>();
  let bridged = 0;

  server.on("upgrade", (req, socket, head) => {
    const target = parseTarget(req.url);
    if (!target || (opts.allowTarget && !opts.allowTarget(target.host, target.port))) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => bridge(ws, target.host, target.port));
  });

  function bridge(ws: WebSocket, targetHost: string, targetPort: number) {
    bridged++;
    const tcp = net.connect({ host: targetHost, port: targetPort });
    sockets.add(tcp);
    // Postgres messages are small and latency-bound; Nagle would add up to 40 ms per round trip.
    tcp.setNoDelay(true);
    // Frames arriving before the TCP connection is up are buffered by the socket itself.
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      tcp.write(chunk);
    });
    tcp.on("data", (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk, { binary: true });
    });
    const closeBoth = () => {
      sockets.delete(tcp);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    tcp.on("close", closeBoth);
    tcp.on("error", closeBoth);
    ws.on("close", closeBoth);
    ws.on("error", closeBoth);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host,
    port,
    address: `${host}:${port}`,
    connections: () => bridged,
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const s of sockets) s.destroy();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const proxy = await startNeonWsProxy({ host: argValue("--host") ?? "127.0.0.1", port: Number(argValue("--port") ?? 5488) });
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "neon ws proxy listening", address: proxy.address }));
  const stop = () => void proxy.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
