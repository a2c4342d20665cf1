import { Agent, request as httpRequest } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "@playwright/test";

// `npm start` (scripts/serve.ts, which this suite's server runs) keeps an idle keep-alive connection 65 s:
// longer than the proxies and load balancers usually in front (60 s), which would otherwise reuse a
// connection the server is closing and answer 502 (docs/deploy.md). Node's own default is 5 s.
const ORIGIN = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;

function get(agent: Agent, path: string): Promise<{ status: number; keepAlive: string | undefined; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${ORIGIN}${path}`, { agent }, (res) => {
      res.resume();
      const keepAlive = res.headers["keep-alive"];
      res.on("end", () => resolve({ status: res.statusCode ?? 0, keepAlive: Array.isArray(keepAlive) ? keepAlive.join(", ") : keepAlive, reused: req.reusedSocket }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("npm start keeps an idle keep-alive connection open past Node's 5 s default", async () => {
  test.setTimeout(60_000);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await get(agent, "/api/health");
    expect(first.status).toBe(200);
    expect(first.keepAlive).toBe("timeout=65");
    expect(first.reused).toBe(false);
    // Idle for longer than Node's default: the same connection still serves the next request.
    await sleep(6_000);
    const second = await get(agent, "/api/health");
    expect(second.status).toBe(200);
    expect(second.reused).toBe(true);
  } finally {
    agent.destroy();
  }
});
