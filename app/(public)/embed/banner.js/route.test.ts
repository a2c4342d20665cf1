import { describe, expect, it } from "vitest";
import { GET } from "./route";

describe("GET /embed/banner.js", () => {
  it("serves a small, parseable script any origin may load, cacheable briefly, nosniff", async () => {
    const res = GET(new Request("http://t/embed/banner.js"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toMatch(/^public, .*s-maxage=\d+, stale-while-revalidate=\d+$/);
    expect(res.headers.get("set-cookie")).toBeNull();
    const body = await res.text();
    expect(new TextEncoder().encode(body).length).toBeLessThan(5 * 1024);
    // Syntax only (compiling does not run it); a typo here would break every merchant page's banner.
    expect(() => new Function(body)).not.toThrow();
    // Host-page safety rules that are easy to break by accident.
    expect(body).not.toMatch(/innerHTML|document\.write|eval\(/);
  });

  it("answers 304 to its own ETag", () => {
    const etag = GET(new Request("http://t/embed/banner.js")).headers.get("etag")!;
    const res = GET(new Request("http://t/embed/banner.js", { headers: { "if-none-match": etag } }));
    expect(res.status).toBe(304);
  });
});
