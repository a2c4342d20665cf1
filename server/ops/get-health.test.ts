import { describe, expect, it } from "vitest";
import { getHealth } from "./get-health";

// The route's answers (details for the cron secret, 503 when down) are tested beside it: app/api/health.
describe("getHealth", () => {
  it("is down (503 from the route) when the database cannot be reached", async () => {
    const h = await getHealth(async () => {
      throw new Error("connect ECONNREFUSED postgres://payops:secret@10.0.0.1/db");
    });
    expect(h.status).toBe("down");
    expect(h.database.error).not.toContain("secret");
  });
});
