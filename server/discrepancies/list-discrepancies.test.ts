import { beforeAll, describe, expect, it } from "vitest";
import { discrepancies } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { ensureOrders } from "@/test/orders";
import { listDiscrepancies } from "./list-discrepancies";

const getDb = useTestDb();

beforeAll(async () => {
  const d = (txn: string, risk: "high" | "medium" | "low", minutesAgo: number, status: "open" | "resolved" = "open") => ({
    type: "amount_mismatch" as const,
    risk,
    status,
    provider: "alipay" as const,
    orderNo: `O-${txn}`,
    providerTransactionId: txn,
    ourFacts: {},
    providerFacts: {},
    detectedAt: new Date(Date.now() - minutesAgo * 60_000),
  });
  await ensureOrders(getDb(), ["O-a", "O-b", "O-c", "O-d", "O-e"]);
  await getDb().insert(discrepancies).values([d("a", "low", 1), d("b", "high", 30), d("c", "medium", 2), d("d", "high", 5), d("e", "high", 0, "resolved")]);
});

describe("listDiscrepancies", () => {
  it("lists open items, riskiest first, then newest", async () => {
    expect((await listDiscrepancies(getDb())).items.map((d) => d.providerTransactionId)).toEqual(["d", "b", "c", "a"]);
  });
  it("pages riskiest-then-newest with a keyset cursor, each item once", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listDiscrepancies(getDb(), { limit: 1, cursor });
      seen.push(...page.items.map((d) => d.providerTransactionId!));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["d", "b", "c", "a"]);
  });
  it("lists resolved ones on request", async () => {
    expect((await listDiscrepancies(getDb(), { status: "resolved" })).items.map((d) => d.providerTransactionId)).toEqual(["e"]);
  });
});
