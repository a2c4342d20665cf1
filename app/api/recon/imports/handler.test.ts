import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs, statementImports, users } from "@/db/schema";
import type { SignedInUser } from "@/server/auth/sign-in";
import { useTestDb } from "@/test/db";
import { insertOrders, pay, sandboxCsv } from "@/test/recon";
import { uploadStatement } from "./handler";

const getDb = useTestDb();
const FIN: SignedInUser = { id: "00000000-0000-4000-8000-0000000f1b00", email: "fin-up@payops.test", name: "Fin", role: "finance", locale: "zh-CN" };
const AGENT: SignedInUser = { ...FIN, id: "00000000-0000-4000-8000-0000000a6b00", email: "agent-up@payops.test", role: "senior_agent" };

beforeAll(async () => {
  await getDb().insert(users).values([FIN, AGENT].map((u) => ({ ...u, passwordHash: "x" })));
  await insertOrders(getDb(), [{ orderNo: "UP-1", amountMinor: 1_000, status: "PAID", ptid: "UP-T1", paidAt: "2026-11-24T03:00:00Z" }]);
});

const post = (query: string, body: string | null, user: SignedInUser | null = FIN) =>
  uploadStatement(
    new Request(`http://t/api/recon/imports?${query}`, { method: "POST", body, headers: { "x-file-name": encodeURIComponent("对账单 11-24.csv") } }),
    user,
    getDb(),
  );

describe("POST /api/recon/imports", () => {
  it("streams the file into the import, answers the summary and records who did it", async () => {
    const res = await post("provider=sandbox&date=2026-11-24", sandboxCsv([pay("UP-T1", "UP-1", 1_000, "2026-11-24T03:00:00Z"), pay("UP-T2", null, 50, "2026-11-24T04:00:00Z")]));
    expect(res.status).toBe(200);
    const { summary } = (await res.json()) as { summary: { importId: number; statementLines: number; matched: number; discrepancies: Record<string, unknown> } };
    expect(summary).toMatchObject({ statementLines: 2, matched: 1, discrepancies: { missing_internal: { count: 1, amountMinor: 50 } } });
    const [imp] = await getDb().select().from(statementImports).where(eq(statementImports.id, summary.importId));
    expect(imp).toMatchObject({ source: "upload", actorId: FIN.id, fileName: "对账单 11-24.csv", status: "completed" });
    const audit = await getDb().select().from(auditLogs).where(and(eq(auditLogs.entityType, "statement_import"), eq(auditLogs.entityId, String(summary.importId))));
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["recon.import", FIN.id]]);
  });

  it("refuses without recon.import, without a session, and with bad parameters — clear 4xx, nothing imported", async () => {
    const before = (await getDb().select().from(statementImports)).length;
    expect((await post("provider=sandbox", "x", AGENT)).status).toBe(403);
    expect((await post("provider=sandbox", "x", null)).status).toBe(401);
    const bad = await post("provider=paypal", "x");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/provider must be one of/);
    expect((await post("provider=sandbox&date=24.11.2026", "x")).status).toBe(400);
    expect((await post("provider=sandbox&mappingId=999", "x")).status).toBe(404);
    const notAStatement = await post("provider=sandbox&date=2026-11-24", "hello,world\n1,2\n");
    expect(notAStatement.status).toBe(400);
    expect(((await notAStatement.json()) as { error: { message: string } }).error.message).toMatch(/cannot read the sandbox statement/);
    // the refused ones never created an import; the unreadable file's import is kept as failed, nothing applied
    const after = await getDb().select().from(statementImports);
    expect(after.length - before).toBe(1);
    expect(after.at(-1)!.status).toBe("failed");
  });
});
