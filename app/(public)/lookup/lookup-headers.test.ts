import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "../../../proxy";

// The lookup is a public page (no session, no cookie) whose answers are about one person's order: never cached.
describe("/lookup headers", () => {
  it("is never stored, with or without a prefilled order, for the page and its action posts", async () => {
    for (const req of [new NextRequest("http://t/lookup"), new NextRequest("http://t/lookup?order=DEMO-1"), new NextRequest("http://t/lookup", { method: "POST" })]) {
      const res = await proxy(req);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });

  it("leaves the other public pages cacheable", async () => {
    expect((await proxy(new NextRequest("http://t/help/payment"))).headers.get("cache-control")).toContain("public");
  });
});
