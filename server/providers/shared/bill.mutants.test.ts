import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getEnv, type Env } from "@/server/env";
import { downloadName, fetchStream, StatementNotReadyError } from "./bill";
import { ProviderQueryError } from "./provider-fetch";

describe("StatementNotReadyError", () => {
  it("is a provider_error naming the day", () => {
    const e = new StatementNotReadyError("2026-11-24", "alipay says 40004");
    expect(e).toBeInstanceOf(ProviderQueryError);
    expect(e.name).toBe("StatementNotReadyError");
    expect(e.failure).toBe("provider_error");
    expect(e.date).toBe("2026-11-24");
    expect(e.message).toBe("no statement for 2026-11-24 yet: alipay says 40004");
  });
});

describe("downloadName", () => {
  const URL_ = "https://files.example/bill/1";
  const name = (cd: string | undefined, url = URL_) => downloadName(cd === undefined ? {} : { "content-disposition": cd }, url, "fallback.csv");

  it("filename*= (RFC 5987), with or without the UTF-8'' prefix, percent-decoded", () => {
    expect(name("attachment; filename*=UTF-8''%E8%B4%A6%E5%8D%95_20261124.csv.zip")).toBe("账单_20261124.csv.zip");
    expect(name("attachment; filename*=utf-8''a%20b.csv")).toBe("a b.csv");
    expect(name("attachment; filename*=report.csv")).toBe("report.csv");
  });

  it("filename*= is trimmed up to the next parameter, and only its outer quotes go", () => {
    expect(name("attachment; filename*=UTF-8''a.csv ; size=10")).toBe("a.csv");
    expect(name('attachment; filename*="a%20b.csv"')).toBe("a b.csv");
    expect(name('attachment; filename*="a"b.csv"')).toBe('a"b.csv');
  });

  it("filename*= that does not decode falls back to the plain filename=", () => {
    expect(name("attachment; filename=\"plain.csv\"; filename*=UTF-8''%E0%A4%A")).toBe("plain.csv");
    expect(name("attachment; filename*=UTF-8''%E0%A4%A")).toBe("fallback.csv");
  });

  it("filename=, quoted or not, trimmed, up to the next parameter", () => {
    expect(name('attachment; filename="a b.csv"')).toBe("a b.csv");
    expect(name("attachment; filename=plain.csv; size=10")).toBe("plain.csv");
    expect(name("attachment; FILENAME= spaced.csv ")).toBe("spaced.csv");
    expect(name('attachment; filename="open.csv')).toBe("open.csv");
  });

  it("the header wins over the URL's downloadFileName, which wins over the fallback", () => {
    expect(name('attachment; filename="h.csv"', "https://x.example/d?downloadFileName=q.csv")).toBe("h.csv");
    expect(name(undefined, "https://x.example/d?downloadFileName=2088_20261124.csv.zip&t=1")).toBe("2088_20261124.csv.zip");
    expect(name("inline", "https://x.example/d?downloadFileName=q.csv")).toBe("q.csv");
    expect(name(undefined, "https://x.example/d?other=1")).toBe("fallback.csv");
    expect(name(undefined, "https://x.example/d?downloadFileName=")).toBe("fallback.csv");
    expect(name(undefined, "not a url")).toBe("fallback.csv");
  });
});

describe("fetchStream", () => {
  let server: Server;
  let base: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => {};
  const env = (timeoutMs: number): Env => ({ ...getEnv(), PROVIDER_QUERY_TIMEOUT: timeoutMs });

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function drain(body: AsyncIterable<Uint8Array>): Promise<string> {
    const parts: Uint8Array[] = [];
    for await (const c of body) parts.push(c);
    return Buffer.concat(parts).toString("utf8");
  }

  it("streams status, lower-cased headers and body", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "Content-Disposition": 'attachment; filename="a.csv"', "X-Thing": "1" });
      res.end("a,b\n1,2\n");
    };
    const r = await fetchStream(`${base}/f`, { method: "GET" }, env(2000));
    expect(r.status).toBe(200);
    expect(r.headers["content-disposition"]).toBe('attachment; filename="a.csv"');
    expect(r.headers["x-thing"]).toBe("1");
    expect(await drain(r.body)).toBe("a,b\n1,2\n");
  });

  it("an answer without a body (204) streams nothing", async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    const r = await fetchStream(`${base}/f`, { method: "GET" }, env(2000));
    expect(r.status).toBe(204);
    expect(await drain(r.body)).toBe("");
  });

  it("the timeout bounds the wait for the head: a silent server is a TimeoutError", async () => {
    handler = () => {}; // never answers
    const e = await fetchStream(`${base}/silent`, { method: "GET" }, env(150)).catch((x: unknown) => x);
    expect((e as DOMException).name).toBe("TimeoutError");
    expect((e as DOMException).message).toBe("no answer within 150 ms");
  });

  it("the timeout does not cut a body that streams longer than it", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write("first\n");
      setTimeout(() => res.end("last\n"), 400);
    };
    const r = await fetchStream(`${base}/slow`, { method: "GET" }, env(150));
    expect(await drain(r.body)).toBe("first\nlast\n");
  });

  it("an already aborted signal: rejects with its reason, no request", async () => {
    let hits = 0;
    handler = (_req, res) => {
      hits++;
      res.end("x");
    };
    const reason = new Error("stopped before");
    const e = await fetchStream(`${base}/f`, { method: "GET" }, env(2000), AbortSignal.abort(reason)).catch((x: unknown) => x);
    expect(e).toBe(reason);
    expect(hits).toBe(0);
  });

  it("the caller's signal aborting while waiting for the head: rejects with its reason", async () => {
    handler = () => {};
    const controller = new AbortController();
    const reason = new Error("stopped by the caller");
    setTimeout(() => controller.abort(reason), 100);
    const e = await fetchStream(`${base}/silent`, { method: "GET" }, env(5000), controller.signal).catch((x: unknown) => x);
    expect(e).toBe(reason);
  });

  it("a transport failure is rethrown as fetch's own error", async () => {
    const e = await fetchStream("http://127.0.0.1:1/nothing", { method: "GET" }, env(2000)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toBe("fetch failed");
  });

  describe("the listener on the caller's signal is removed (a long-lived signal must not collect one per download)", () => {
    const watch = () => {
      const signal = new AbortController().signal;
      const removed = vi.spyOn(signal, "removeEventListener");
      const added = vi.spyOn(signal, "addEventListener");
      const check = () => {
        expect(added).toHaveBeenCalledTimes(1);
        expect(added.mock.calls[0]![0]).toBe("abort");
        expect(removed).toHaveBeenCalledWith("abort", added.mock.calls[0]![1]);
      };
      return { signal, removed, check };
    };

    it("once the body was read to its end", async () => {
      handler = (_req, res) => res.end("abc");
      const w = watch();
      const r = await fetchStream(`${base}/f`, { method: "GET" }, env(2000), w.signal);
      expect(w.removed).not.toHaveBeenCalled();
      expect(await drain(r.body)).toBe("abc");
      w.check();
    });

    it("once text() returned", async () => {
      handler = (_req, res) => {
        res.writeHead(404);
        res.end("not here");
      };
      const w = watch();
      const r = await fetchStream(`${base}/f`, { method: "GET" }, env(2000), w.signal);
      expect(await r.text()).toBe("not here");
      w.check();
    });

    it("when the request failed", async () => {
      const w = watch();
      await expect(fetchStream("http://127.0.0.1:1/nothing", { method: "GET" }, env(2000), w.signal)).rejects.toThrow("fetch failed");
      w.check();
    });
  });
});
