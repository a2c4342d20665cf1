import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { discrepancies, statementImports } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { importStatement } from "./import-statement";
import { seedDemoReconciliation, seededSandboxStatements } from "./seed-demo-reconciliation";

const getDb = useTestDb();
const NOW = new Date("2026-11-25T04:00:00Z"); // 12:00 in Shanghai: yesterday = 2026-11-24

describe("seedDemoReconciliation", () => {
  it("imports yesterday's sandbox and Alipay statements with the planted differences; rules act on some, small ones stay open", async () => {
    const r = await seedDemoReconciliation(getDb(), NOW);
    expect(r).not.toBeNull();
    expect(r!.sandbox.businessDate).toBe("2026-11-24");
    expect(Object.keys(r!.sandbox.discrepancies).sort()).toEqual(
      ["amount_mismatch", "duplicate_payment", "fee_mismatch", "missing_at_provider", "missing_internal", "status_mismatch"].sort(),
    );
    expect(r!.sandbox.discrepancies.amount_mismatch).toEqual({ count: 2, amountMinor: 800 + 5 });
    expect(r!.sandbox.statementLines).toBe(25);
    expect(r!.sandbox.matched).toBe(25 - 6); // six lines behind a finding (missing_at_provider has none)
    expect(r!.sandbox.autoRepaired).toBeGreaterThanOrEqual(1);
    expect(r!.sandbox.open).toBeGreaterThanOrEqual(3);
    expect(r!.alipay.discrepancies).toEqual({ amount_mismatch: { count: 3, amountMinor: 18 } });
    const small = await getDb().select().from(discrepancies).where(eq(discrepancies.provider, "alipay"));
    expect(small.map((d) => [d.status, d.differenceMinor]).sort()).toEqual([["open", 10], ["open", 3], ["open", 5]]);
    const imports = await getDb().select().from(statementImports);
    expect(imports.map((i) => [i.provider, i.source, i.status]).sort()).toEqual([["alipay", "demo", "completed"], ["sandbox", "demo", "completed"]]);
    // seeding again is a no-op
    expect(await seedDemoReconciliation(getDb(), NOW)).toBeNull();
  });

  it("hands the simulator the very file it imported: pulling the seeded day again finds it unchanged", async () => {
    // (runs after the test above: the seeded day is in the database)
    const files = await seededSandboxStatements(getDb(), NOW);
    expect([...files.keys()]).toEqual(["2026-11-24"]);
    const [before] = await getDb().select().from(statementImports).where(eq(statementImports.provider, "sandbox"));
    const again = await importStatement(
      getDb(),
      { format: { kind: "provider", provider: "sandbox" }, body: (async function* () { yield files.get("2026-11-24")!; })(), fileName: "again.csv", businessDate: "2026-11-24", source: "pull" },
      { id: null, label: "test" },
      { now: NOW, repair: false },
    );
    expect(again.outcome).toBe("unchanged");
    expect(again.importId).toBe(before!.id);
  });
});
