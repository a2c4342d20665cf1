import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/lib/safe-redirect";

const ORIGIN = "https://payops.example.com";

describe("safeRedirectPath", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeRedirectPath("/orders", ORIGIN)).toBe("/orders");
    expect(safeRedirectPath("/orders/ORD1?tab=timeline#raw", ORIGIN)).toBe("/orders/ORD1?tab=timeline#raw");
    expect(safeRedirectPath("https://payops.example.com/jobs?status=dead", ORIGIN)).toBe("/jobs?status=dead");
    expect(safeRedirectPath("jobs", ORIGIN)).toBe("/jobs");
  });

  it.each([
    // As they reach the page: Next has already decoded the query string once.
    ["/\\evil.example/x"],
    ["/\t/evil.example/x"],
    ["/\n/evil.example/x"],
    ["//evil.example"],
    ["//evil.example/x?y=1"],
    ["\\\\evil.example"],
    ["/\\/evil.example"],
    ["https://evil.example"],
    ["http://payops.example.com/x"],
    ["https://payops.example.com.evil.example/"],
    ["https://payops.example.com@evil.example/"],
    ["javascript:alert(document.cookie)"],
    ["JavaScript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["  //evil.example"],
    [""],
    [null],
    [undefined],
  ])("refuses %j", (target) => {
    expect(safeRedirectPath(target, ORIGIN)).toBe("/");
  });

  it("never answers something a browser would read as another host", () => {
    // Encoded forms stay encoded: the browser asks our server for that odd path, not another host.
    expect(safeRedirectPath("/%5Cevil.example/x", ORIGIN)).toBe("/%5Cevil.example/x");
    expect(safeRedirectPath("/%09/evil.example/x", ORIGIN)).toBe("/%09/evil.example/x");
    // "/.//evil.example" normalises to the path "//evil.example": collapsed to a single slash.
    expect(safeRedirectPath("/.//evil.example", ORIGIN)).toBe("/evil.example");
    for (const t of ["/%5Cevil.example/x", "/%09/evil.example/x", "/.//evil.example", "/a/../..//evil.example"]) {
      const out = safeRedirectPath(t, ORIGIN);
      expect(out.startsWith("/") && !out.startsWith("//")).toBe(true);
      expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
    }
  });
});
