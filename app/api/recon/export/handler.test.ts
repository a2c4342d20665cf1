import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, discrepancies, users } from "@/db/schema";
import type { SignedInUser } from "@/server/auth/sign-in";
import { useTestDb } from "@/test/db";
import { ensureOrders } from "@/test/orders";
import { exportDiscrepancyReport } from "./handler";

const getDb = useTestDb();
const FIN: SignedInUser = { id: "00000000-0000-4000-8000-0000000f1a00", email: "fin@payops.test", name: "Fin", role: "finance", locale: "zh-CN" };
const AGENT: SignedInUser = { ...FIN, id: "00000000-0000-4000-8000-0000000a6e00", email: "agent@payops.test", role: "senior_agent" };

beforeAll(async () => {
  await getDb().insert(users).values([FIN, AGENT].map((u) => ({ ...u, passwordHash: "x" })));
  await ensureOrders(getDb(), ["EXP-1", "EXP-2"]);
  const base = { status: "open" as const, ourFacts: {}, providerFacts: {}, currency: "CNY" };
  await getDb()
    .insert(discrepancies)
    .values([
      { ...base, type: "amount_mismatch", risk: "high", provider: "alipay", orderNo: "EXP-1", providerTransactionId: "2026112422001", expectedAmountMinor: 12_300, actualAmountMinor: 12_290, differenceMinor: 10, businessDate: "2026-11-24", detectedAt: new Date("2026-11-24T18:30:00Z"), assigneeId: FIN.id },
      { ...base, type: "missing_at_provider", risk: "medium", provider: "alipay", orderNo: "EXP-2", providerTransactionId: "2026112422002", expectedAmountMinor: 5_000, differenceMinor: 5_000, businessDate: "2026-11-24" },
      { ...base, type: "missing_internal", risk: "high", provider: "wechatpay", orderNo: null, providerTransactionId: "4200001", actualAmountMinor: 99, differenceMinor: 99, businessDate: "2026-11-24" },
    ]);
});

const get = (query: string, user: SignedInUser | null = FIN, headers: Record<string, string> = {}) =>
  exportDiscrepancyReport(new Request(`http://t/api/recon/export?${query}`, { headers }), user, getDb());

describe("GET /api/recon/export", () => {
  it("streams the list as CSV with a BOM, localised headers, major units and business-zone times, and audits it", async () => {
    const res = await get("format=csv&provider=alipay");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="discrepancies-\d{8}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes.slice(3)), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r["商户订单号"], r["风险"], r["我方金额"], r["渠道金额"], r["差额"], r["币种"]])).toEqual([
      ["EXP-1", "high", "123.00", "122.90", "0.10", "CNY"],
      ["EXP-2", "medium", "50.00", "", "50.00", "CNY"],
    ]);
    expect(rows[0]!["发现时间"]).toBe("2026-11-25 02:30:00");
    expect(rows[0]!["处理人"]).toBe("fin@payops.test");
    const audit = await getDb().select().from(auditLogs).where(and(eq(auditLogs.action, "discrepancy.export"), eq(auditLogs.actorId, FIN.id)));
    expect(audit.map((a) => a.after)).toContainEqual({ format: "csv", filters: { provider: "alipay" } });
  });

  it("writes an XLSX with a frozen header row and amounts as numbers, in English when the cookie says so", async () => {
    const res = await get("format=xlsx&risk=high", FIN, { cookie: "payops_locale=en" });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(["ID", "Statement day", "Detected at", "Provider"]);
    const col = (name: string) => header.indexOf(name) + 1;
    const data = [2, 3].map((r) => sheet.getRow(r));
    expect(sheet.rowCount).toBe(3);
    expect(data.map((r) => [r.getCell(col("Provider transaction id")).value, r.getCell(col("Difference")).value, r.getCell(col("Our amount")).value])).toEqual([
      ["4200001", 0.99, null],
      ["2026112422001", 0.1, 123],
    ]);
    expect(data[1]!.getCell(col("Difference")).numFmt).toBe("#,##0.00");
  });

  it("refuses without a session, without recon.export, and with bad filters", async () => {
    expect((await get("format=csv", null)).status).toBe(401);
    expect((await get("format=csv", AGENT)).status).toBe(403);
    expect((await get("format=pdf")).status).toBe(400);
    expect((await get("format=csv&risk=extreme")).status).toBe(400);
    expect((await get("format=csv&amountMinMinor=abc")).status).toBe(400);
  });
});
