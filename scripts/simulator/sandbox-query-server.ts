import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { signSandboxAnswer, type SandboxPayment } from "@/server/providers/sandbox/sign-answer";

export interface SandboxQueryServer {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The sandbox provider's query API (`GET /payments/:orderNo`) on loopback, answering from the simulator's
 * ledger — what it actually "charged" — signed like its callbacks.
 */
export async function startSandboxQueryServer(opts: { secret: string; port: number; ledger: ReadonlyMap<string, SandboxPayment> }): Promise<SandboxQueryServer> {
  const server = createServer((req, res) => {
    const m = /^\/payments\/([^/?]+)$/.exec(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    if (req.method !== "GET" || !m) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const orderNo = decodeURIComponent(m[1]!);
    const answer = signSandboxAnswer(opts.secret, orderNo, opts.ledger.get(orderNo));
    // No keep-alive: a janitor asking every few minutes would otherwise race our idle-socket timeout
    // and see "fetch failed" on a reused, just-closed connection.
    res.writeHead(answer.status, { ...answer.headers, connection: "close" }).end(answer.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
