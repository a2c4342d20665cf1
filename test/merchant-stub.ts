import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubCall {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A local stand-in for a merchant backend (the far side of the fulfilment webhook). */
export async function startMerchantStub(answer: (call: StubCall, n: number) => number) {
  const calls: StubCall[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const call = { headers: req.headers, body };
      calls.push(call);
      const status = answer(call, calls.length);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status < 300 ? '{"ok":true}' : '{"error":"nope"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fulfil`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
