import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, discrepancies, statementImports, statementLines, users } from "@/db/schema";
import { useTestDb } from "@/test/db";
import { ensureOrders } from "@/test/orders";
import { attachLinePartition, buildLineKey, createLinePartition } from "@/server/recon/line-partitions";
import { getDiscrepancyDetail } from "./get-discrepancy-detail";
import { listDiscrepancies, type ListDiscrepanciesInput } from "./list-discrepancies";

const getDb = useTestDb();
const ALICE = "00000000-0000-4000-8000-00000000a11c";
let importId = 0;

beforeAll(async () => {
  const d = (txn: string, risk: "high" | "medium" | "low", differenceMinor: number | null, over: Partial<typeof discrepancies.$inferInsert> = {}) => ({
    type: "amount_mismatch" as const,
    risk,
    status: "open" as const,
    provider: "alipay" as const,
    orderNo: `O-${txn}`,
    providerTransactionId: txn,
    ourFacts: {},
    providerFacts: {},
    differenceMinor,
    ...over,
  });
  await getDb().insert(users).values({ id: ALICE, email: "alice@payops.test", name: "Alice", passwordHash: "x", role: "finance" });
  await ensureOrders(getDb(), ["O-a", "O-b", "O-c", "O-d", "O-e", "O-f", "O-g"]);
  const [imp] = await getDb()
    .insert(statementImports)
    .values({ provider: "alipay", businessDate: "2026-11-24", fileName: "alipay-20261124.csv", source: "upload", status: "completed", actorLabel: "alice@payops.test" })
    .returning();
  importId = imp!.id;
  await createLinePartition(getDb(), importId);
  await buildLineKey(getDb(), importId);
  await attachLinePartition(getDb(), importId);
  await getDb()
    .insert(statementLines)
    .values({ importId, lineNo: 7, kind: "payment", providerTransactionId: "b", orderNo: "O-b", amountMinor: 12_345, currency: "CNY", occurredAt: new Date("2026-11-24T03:00:00Z"), status: "TRADE_SUCCESS", match: "discrepancy", raw: { 商户订单号: "O-b" } });
  await getDb()
    .insert(discrepancies)
    .values([
      d("a", "low", 1, { type: "fee_mismatch", businessDate: "2026-11-23" }),
      d("b", "high", 45, { businessDate: "2026-11-24", statementImportId: importId, statementLineNo: 7, source: "statement", assigneeId: ALICE, currency: "CNY" }),
      d("c", "medium", 9_000, { type: "status_mismatch", provider: "wechatpay", businessDate: "2026-11-24" }),
      d("d", "high", 300, { businessDate: "2026-11-25" }),
      d("e", "high", 0, { status: "resolved" }),
      // no businessDate: the business-zone day it was detected (2026-11-25 00:30 in Shanghai)
      d("f", "high", 10, { detectedAt: new Date("2026-11-24T16:30:00Z") }),
      d("g", "medium", 5, { status: "waiting", businessDate: "2026-11-24" }),
    ]);
});

const txns = async (input: ListDiscrepanciesInput = {}) => (await listDiscrepancies(getDb(), input)).items.map((d) => d.providerTransactionId);

describe("listDiscrepancies", () => {
  it("lists open items by priority: riskiest first, then the most at stake", async () => {
    expect(await txns()).toEqual(["d", "b", "f", "c", "a"]);
  });

  it("pages by priority with a keyset cursor, each item once", async () => {
    const seen: (string | null)[] = [];
    let cursor: string | undefined;
    do {
      const page = await listDiscrepancies(getDb(), { limit: 2, cursor });
      seen.push(...page.items.map((d) => d.providerTransactionId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["d", "b", "f", "c", "a"]);
  });

  it("filters by status, including waiting and all", async () => {
    expect(await txns({ status: "resolved" })).toEqual(["e"]);
    expect(await txns({ status: "waiting" })).toEqual(["g"]);
    expect(await txns({ status: "all" })).toEqual(["d", "b", "f", "e", "c", "g", "a"]);
  });

  it("filters by risk, type and provider", async () => {
    expect(await txns({ risk: "high" })).toEqual(["d", "b", "f"]);
    expect(await txns({ type: "fee_mismatch" })).toEqual(["a"]);
    expect(await txns({ provider: "wechatpay" })).toEqual(["c"]);
  });

  it("filters by statement day, falling back to the business-zone day of detection", async () => {
    expect(await txns({ dateFrom: "2026-11-24", dateTo: "2026-11-24" })).toEqual(["b", "c"]);
    expect(await txns({ dateFrom: "2026-11-25" })).toEqual(["d", "f"]);
    expect(await txns({ dateFrom: "2026-11-25", timeZone: "UTC" })).toEqual(["d"]);
    expect(await txns({ dateTo: "2026-11-23" })).toEqual(["a"]);
  });

  it("filters by the amount at stake, inclusive", async () => {
    expect(await txns({ amountMinMinor: 10, amountMaxMinor: 300 })).toEqual(["d", "b", "f"]);
    expect(await txns({ amountMaxMinor: 10 })).toEqual(["f", "a"]);
  });

  it("filters by assignee and by order no or transaction id", async () => {
    expect(await txns({ assignee: { kind: "user", id: ALICE } })).toEqual(["b"]);
    expect(await txns({ assignee: { kind: "nobody" } })).toEqual(["d", "f", "c", "a"]);
    expect(await txns({ q: "O-c" })).toEqual(["c"]);
    expect(await txns({ q: "d" })).toEqual(["d"]);
    expect(await txns({ q: "nothing" })).toEqual([]);
    expect((await listDiscrepancies(getDb(), { q: "b" })).items[0]!.assigneeEmail).toBe("alice@payops.test");
  });
});

describe("getDiscrepancyDetail", () => {
  it("puts our order next to the statement line and its import, with the item's history", async () => {
    const [b] = (await listDiscrepancies(getDb(), { q: "b" })).items;
    await getDb().insert(auditLogs).values({ actorId: ALICE, actorLabel: "alice@payops.test", action: "discrepancy.assign", entityType: "discrepancy", entityId: String(b!.id), after: { assigneeId: ALICE } });
    const detail = await getDiscrepancyDetail(getDb(), b!.id);
    expect(detail.discrepancy.assigneeEmail).toBe("alice@payops.test");
    expect(detail.order?.orderNo).toBe("O-b");
    expect(detail.statementLine).toMatchObject({ lineNo: 7, amountMinor: 12_345, status: "TRADE_SUCCESS", raw: { 商户订单号: "O-b" } });
    expect(detail.statementImport).toMatchObject({ id: importId, fileName: "alipay-20261124.csv", businessDate: "2026-11-24" });
    expect(detail.history.map((h) => h.action)).toEqual(["discrepancy.assign"]);
    expect(detail.payments).toEqual([]);
  });

  it("has no statement side for a real-time finding, and refuses an unknown id", async () => {
    const [d] = (await listDiscrepancies(getDb(), { q: "d" })).items;
    const detail = await getDiscrepancyDetail(getDb(), d!.id);
    expect(detail.statementLine).toBeNull();
    expect(detail.statementImport).toBeNull();
    await expect(getDiscrepancyDetail(getDb(), 987_654)).rejects.toThrow(/not found/);
  });
});
