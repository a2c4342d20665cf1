import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { driveScenarioThroughAlerts } from "@/test/scenario-alerts";

// The simulator's missing-callbacks scenario (a fifth of the notifications never come) must fire the default
// rules without configuration, as `npm run demo` promises.
const getDb = useTestDb();

describe("simulator missing-callbacks → default rules", () => {
  it("fires the callback-failure rule for sandbox, only after the scenario began", { timeout: 180_000 }, async () => {
    const fired = await driveScenarioThroughAlerts(getDb(), "missing-callbacks");
    expect(fired.some((f) => f.startsWith("callback-failure-rate-"))).toBe(true);
    for (const f of fired) expect(Number(f.split("@")[1])).toBeGreaterThanOrEqual(-20);
  });
});
