import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs } from "@/db/schema";
import { ConflictError, NotFoundError } from "@/server/lib/errors";
import { useTestDb } from "@/test/db";
import { deleteStatementMapping, getStatementMapping, listStatementMappings, saveStatementMapping } from "./statement-mappings";

const getDb = useTestDb();
const actor = { id: null, label: "finance@test" };

const bankCsv = {
  delimiter: ";",
  encoding: "gbk" as const,
  columns: { providerTransactionId: "流水号", orderNo: "订单号", amount: "金额", occurredAt: "时间" },
  defaultCurrency: "CNY",
};

async function auditActions(entityId: string) {
  const rows = await getDb().select().from(auditLogs).where(eq(auditLogs.entityId, entityId));
  return rows.filter((r) => r.entityType === "statement_mapping").map((r) => r.action).sort();
}

describe("saved column mappings", () => {
  it("creates, renames and deletes a mapping, each step audited", async () => {
    const created = await saveStatementMapping(getDb(), actor, { name: "Bank A", provider: "sandbox", mapping: bankCsv });
    expect(created).toMatchObject({ name: "Bank A", provider: "sandbox", mapping: bankCsv, createdByLabel: "finance@test" });

    const renamed = await saveStatementMapping(getDb(), actor, { id: created.id, name: "Bank A (2026)", provider: "sandbox", mapping: { ...bankCsv, delimiter: "," } });
    expect(renamed.id).toBe(created.id);
    expect((await getStatementMapping(getDb(), created.id)).mapping.delimiter).toBe(",");
    expect((await listStatementMappings(getDb())).filter((m) => m.id === created.id).map((m) => m.name)).toEqual(["Bank A (2026)"]);

    expect(await deleteStatementMapping(getDb(), actor, created.id)).toEqual({ deleted: created.id });
    await expect(getStatementMapping(getDb(), created.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await auditActions(String(created.id))).toEqual(["recon.mapping.create", "recon.mapping.delete", "recon.mapping.update"]);
  });

  it("refuses a second mapping of the same name for the same provider, and leaves the first as it was", async () => {
    const first = await saveStatementMapping(getDb(), actor, { name: "Shared", provider: "alipay", mapping: bankCsv });
    await expect(saveStatementMapping(getDb(), actor, { name: "Shared", provider: "alipay", mapping: { ...bankCsv, delimiter: "|" } })).rejects.toBeInstanceOf(ConflictError);
    // Renaming another mapping onto the name is the same clash.
    const other = await saveStatementMapping(getDb(), actor, { name: "Other", provider: "alipay", mapping: bankCsv });
    await expect(saveStatementMapping(getDb(), actor, { id: other.id, name: "Shared", provider: "alipay", mapping: bankCsv })).rejects.toBeInstanceOf(ConflictError);
    expect((await getStatementMapping(getDb(), first.id)).mapping.delimiter).toBe(";");
    // The same name under another provider is a different mapping.
    await expect(saveStatementMapping(getDb(), actor, { name: "Shared", provider: "wechatpay", mapping: bankCsv })).resolves.toMatchObject({ provider: "wechatpay" });
  });

  it("says plainly when the mapping to update or delete does not exist, and writes nothing", async () => {
    await expect(saveStatementMapping(getDb(), actor, { id: 987_654, name: "Ghost", provider: "stripe", mapping: bankCsv })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteStatementMapping(getDb(), actor, 987_654)).rejects.toBeInstanceOf(NotFoundError);
    expect(await auditActions("987654")).toEqual([]);
  });
});
