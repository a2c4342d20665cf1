import http from "node:http";
import pg from "pg";
import { NAIVE_SCHEMA, naiveIntake } from "./naive-intake";

// The baseline for bench/callbacks.ts: the least a callback endpoint can do and still be correct about
// money — verify the sandbox HMAC, insert the event (its unique key absorbs duplicates), mark the order
// paid if it was waiting. No framework, no raw-message log, no audit rows, no jobs, no discrepancy checks,
// no request logging. The gap to PayOps is the price of those.
//
//   node --import tsx bench/naive-server.ts <port> <database-url> <secret> [poolMax]
//   (`--setup` instead of a port creates its two tables)

export async function setupNaiveSchema(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(NAIVE_SCHEMA);
  await c.end();
}

export function startNaiveServer(port: number, url: string, secret: string, poolMax = 10): Promise<http.Server> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  const server = http.createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/callbacks/sandbox") {
      res.writeHead(req.url === "/health" ? 200 : 404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const reply = await naiveIntake(pool, req.headers["sandbox-signature"] as string | undefined, body, secret);
      res.writeHead(reply.status, { "content-type": "text/plain" }).end(reply.body);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on("close", () => void pool.end());
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

const [, , portArg, urlArg, secretArg, poolArg] = process.argv;
if (process.argv[1]?.endsWith("naive-server.ts") && portArg && urlArg) {
  if (portArg === "--setup") {
    await setupNaiveSchema(urlArg);
  } else {
    const server = await startNaiveServer(Number(portArg), urlArg, secretArg ?? "", Number(poolArg ?? 10));
    process.stdout.write(`naive server on 127.0.0.1:${(server.address() as { port: number }).port}\n`);
    process.on("SIGTERM", () => server.close(() => process.exit(0)));
  }
}
