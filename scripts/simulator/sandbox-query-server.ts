import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SandboxRefundBook } from "@/server/providers/sandbox/refund-book";
import { signSandboxAnswer, type SandboxPayment } from "@/server/providers/sandbox/sign-answer";
import { signSandboxStatement } from "@/server/providers/sandbox/bill";
import { simulatorStatement } from "./statement";

export interface SandboxQueryServer {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The sandbox provider's query API (`GET /payments/:orderNo`) on loopback, answering from the simulator's
 * ledger — what it actually "charged" — signed like its callbacks. `GET /statements/:date` serves the day's
 * statement (scripts/simulator/statement.ts: the ledger's payments plus planted differences), or the file
 * given in `statements` for that day (the demo's seeded yesterday), signed the same way.
 */
export async function startSandboxQueryServer(opts: {
  secret: string;
  port: number;
  ledger: ReadonlyMap<string, SandboxPayment>;
  statements?: ReadonlyMap<string, Buffer>;
  timeZone?: string;
}): Promise<SandboxQueryServer> {
  // The refund API (`POST /refunds`, `GET /refunds/:refundNo`, issue 10): same refundNo → same refund. Amounts
  // ending in .x1 (minor units % 100 = 1, e.g. ¥12.01) stay PROCESSING for two asks, to show a slow refund.
  const refunds = new SandboxRefundBook(opts.secret, (r) => (r.amountMinor % 100 === 1 ? { status: "PROCESSING", settlesAfter: 2 } : { status: "SUCCESS" }));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/refunds" || url.pathname.startsWith("/refunds/")) {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k.toLowerCase()] = v;
        const answer = refunds.handle(req.method ?? "GET", url.pathname, headers, Buffer.concat(chunks).toString("utf8"));
        if (answer) res.writeHead(answer.status, { ...answer.headers, connection: "close" }).end(answer.body);
        else res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      });
      return;
    }
    const day = /^\/statements\/(\d{4}-\d{2}-\d{2})$/.exec(url.pathname);
    if (req.method === "GET" && day) {
      const date = day[1]!;
      const answer = signSandboxStatement(opts.secret, date, opts.statements?.get(date) ?? simulatorStatement(opts.ledger, date, opts.timeZone));
      res.writeHead(answer.status, { ...answer.headers, connection: "close" }).end(answer.body);
      return;
    }
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
