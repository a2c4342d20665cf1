import { afterEach, describe, expect, it } from "vitest";
import { syncNextAuthUrl } from "./public-url";

// process.env.NEXTAUTH_URL is next-auth's own setting, written by the module under test.
const saved = process.env.NEXTAUTH_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = saved;
});

describe("syncNextAuthUrl", () => {
  it("fills NEXTAUTH_URL in from APP_URL, and follows APP_URL when it changes", () => {
    delete process.env.NEXTAUTH_URL;
    syncNextAuthUrl({ APP_URL: "http://127.0.0.1:3999" });
    expect(process.env.NEXTAUTH_URL).toBe("http://127.0.0.1:3999");
    // Derived by us, so derived again for a new APP_URL.
    syncNextAuthUrl({ APP_URL: "https://payops.example.com" });
    expect(process.env.NEXTAUTH_URL).toBe("https://payops.example.com");
    syncNextAuthUrl({ APP_URL: "http://127.0.0.1:3999" });
    expect(process.env.NEXTAUTH_URL).toBe("http://127.0.0.1:3999");
  });

  it("leaves a NEXTAUTH_URL the operator set alone", async () => {
    // A fresh instance of the module: nothing derived by it yet in this process.
    const freshPath = "./public-url?operator-set";
    const fresh = (await import(/* @vite-ignore */ freshPath)) as { syncNextAuthUrl: typeof syncNextAuthUrl };
    process.env.NEXTAUTH_URL = "https://payops.example.com/";
    fresh.syncNextAuthUrl({ APP_URL: "https://payops.example.com" });
    expect(process.env.NEXTAUTH_URL).toBe("https://payops.example.com/");
    fresh.syncNextAuthUrl({ APP_URL: "https://other.example.com" });
    expect(process.env.NEXTAUTH_URL).toBe("https://payops.example.com/");
  });
});
