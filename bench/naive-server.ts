import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import pg from "pg";

// The baseline for bench/callbacks.ts: the least a callback endpoint can do and still be correct about
// money — verify the sandbox HMAC, insert the event (its unique key absorbs duplicates), mark the order
// paid if it was waiting. No framework, no raw-message log, no audit rows, no jobs, no discrepancy checks,
// no request logging. The gap to PayOps is the price of those.
//
//   node --import tsx bench/naive-server.ts <port> <database-url> <secret> [poolMax]
//   (`--setup` instead of a port creates its two tables)

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS orders (
    order_no text PRIMARY KEY,
    amount_minor bigint NOT NULL,
    currency char(3) NOT NULL,
    status text NOT NULL DEFAULT 'CREATED',
    transaction_id text,
    paid_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS payment_events (
    id bigserial PRIMARY KEY,
    event_id text NOT NULL UNIQUE,
    order_no text NOT NULL,
    body text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
  );`;

export async function setupNaiveSchema(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(SCHEMA);
  await c.end();
}

function verify(header: string | undefined, body: string, secret: string, nowS: number): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m) return false;
  const expected = createHmac("sha256", secret).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, "hex")) && Math.abs(nowS - Number(m[1])) <= 300;
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
      if (!verify(req.headers["sandbox-signature"] as string | undefined, body, secret, Date.now() / 1000)) {
        res.writeHead(401).end("bad signature");
        return;
      }
      try {
        const ev = JSON.parse(body) as { eventId: string; orderNo: string; transactionId: string; paidAt: string };
        const inserted = await pool.query(
          "INSERT INTO payment_events (event_id, order_no, body) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING id",
          [ev.eventId, ev.orderNo, body],
        );
        if (inserted.rowCount) {
          await pool.query(
            "UPDATE orders SET status = 'PAID', transaction_id = $2, paid_at = $3, updated_at = now() WHERE order_no = $1 AND status = 'CREATED'",
            [ev.orderNo, ev.transactionId, ev.paidAt],
          );
        }
        res.writeHead(200, { "content-type": "text/plain" }).end("success");
      } catch (e) {
        res.writeHead(500).end((e as Error).message);
      }
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
