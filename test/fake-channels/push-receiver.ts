// A local fake app-push service for user notices (tests and `npm run demo`): it checks each request the way a
// real receiver should — X-PayOps-Signature `v1=<hex>` = HMAC-SHA256(secret, "<X-PayOps-Timestamp>.<body>"),
// recomputed here with node:crypto independently of server/user-notices/, constant-time compared, timestamp
// within 5 minutes — and answers 401 to anything else. Duplicate X-PayOps-Delivery ids are counted once.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_PUSH_SECRET = "fake-push-secret-0123456789";

export interface ReceivedPush {
  headers: Record<string, string>;
  body: string;
  /** The parsed payload when the signature verified. */
  payload: Record<string, unknown> | null;
  verified: boolean;
  status: number;
}

export interface FakePushReceiver {
  url: string;
  env: { USER_PUSH_WEBHOOK_URL: string; USER_PUSH_WEBHOOK_SECRET: string };
  readonly requests: ReceivedPush[];
  /** Verified pushes, one per delivery id. */
  delivered(): ReceivedPush[];
  /** The next n requests are answered with `status` (after verification). */
  failNext(n: number, status: number): void;
  reset(): void;
  close(): Promise<void>;
  onReceive?: (push: ReceivedPush) => void;
}

export function verifyPushSignature(secret: string, headers: Record<string, string>, body: string, nowMs = Date.now()): boolean {
  const ts = headers["x-payops-timestamp"];
  const sig = headers["x-payops-signature"];
  if (!ts || !/^\d{1,12}$/.test(ts) || !sig?.startsWith("v1=")) return false;
  const expected = createHmac("sha256", secret).update(`${ts}.${body}`).digest();
  const given = Buffer.from(sig.slice(3), "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return Math.abs(nowMs / 1000 - Number(ts)) <= 300;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakePushReceiver(opts: { port?: number; secret?: string } = {}): Promise<FakePushReceiver> {
  const secret = opts.secret ?? FAKE_PUSH_SECRET;
  const requests: ReceivedPush[] = [];
  let failures = { n: 0, status: 500 };
  const receiver: FakePushReceiver = {
    url: "",
    env: { USER_PUSH_WEBHOOK_URL: "", USER_PUSH_WEBHOOK_SECRET: secret },
    requests,
    delivered() {
      const seen = new Set<string>();
      return requests.filter((r) => r.status === 200 && !seen.has(r.headers["x-payops-delivery"] ?? "") && seen.add(r.headers["x-payops-delivery"] ?? ""));
    },
    failNext(n, status) {
      failures = { n, status };
    },
    reset() {
      requests.length = 0;
      failures = { n: 0, status: 500 };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const verified = req.method === "POST" && verifyPushSignature(secret, headers, body);
    let status = verified ? 200 : 401;
    if (verified && failures.n > 0) {
      failures.n--;
      status = failures.status;
    }
    let payload: Record<string, unknown> | null = null;
    if (verified) {
      try {
        payload = JSON.parse(body) as Record<string, unknown>;
      } catch {
        status = 400;
      }
    }
    const push = { headers, body, payload, verified, status };
    requests.push(push);
    receiver.onReceive?.(push);
    res.writeHead(status, { "content-type": "application/json" }).end(status === 200 ? JSON.stringify({ id: `push-${requests.length}` }) : JSON.stringify({ error: verified ? "unavailable" : "bad signature" }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${port}/push`;
  receiver.env.USER_PUSH_WEBHOOK_URL = receiver.url;
  return receiver;
}
