import { describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { driveScenarioThroughAlerts } from "@/test/scenario-alerts";

// The simulator's slow-callbacks scenario must fire the default rules without configuration, as `npm run
// demo` promises (simulated-outage.test.ts covers callback-outage, simulated-missing-callbacks.test.ts the rest).
const getDb = useTestDb();

describe("simulator slow-callbacks → default rules", () => {
  it("fires the callback-delay rule for sandbox, only after the scenario began", { timeout: 180_000 }, async () => {
    const fired = await driveScenarioThroughAlerts(getDb(), "slow-callbacks");
    expect(fired.some((f) => f.startsWith("callback-delay-"))).toBe(true);
    // Onsets lie within the scenario's 20 minutes, never in the normal hour before it.
    for (const f of fired) expect(Number(f.split("@")[1])).toBeGreaterThanOrEqual(-20);
  });
});
