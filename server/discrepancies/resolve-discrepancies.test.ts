import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, discrepancies, users } from "@/db/schema";
import type { DiscrepancyStatus, Role } from "@/lib/enums";
import type { Actor } from "@/server/audit/write-audit";
import { useTestDb } from "@/test/db";
import { assignDiscrepancies, resolveDiscrepancies, writeOffDiscrepancies } from "./resolve-discrepancies";

const db = useTestDb();

async function user(role: Role, disabled = false): Promise<Actor & { id: string }> {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@payops.test`;
  const [u] = await db().insert(users).values({ email, name: email, passwordHash: "x", role, disabledAt: disabled ? new Date() : null }).returning();
  return { id: u!.id, label: email, role };
}

let seq = 0;
async function items(...statuses: DiscrepancyStatus[]): Promise<number[]> {
  const rows = await db()
    .insert(discrepancies)
    .values(statuses.map((status) => ({ type: "amount_mismatch" as const, risk: "high" as const, status, provider: "sandbox" as const, providerTransactionId: `HV-${++seq}-${Math.random()}`, differenceMinor: 7, currency: "CNY", ourFacts: {}, providerFacts: {}, source: "statement" as const })))
    .returning({ id: discrepancies.id });
  return rows.map((r) => r.id);
}
const rowsOf = (ids: number[]) => db().select().from(discrepancies).where(inArray(discrepancies.id, ids)).orderBy(discrepancies.id);
const auditsFor = (ids: number[], action: string) => db().select().from(auditLogs).where(and(eq(auditLogs.action, action), inArray(auditLogs.entityId, ids.map(String))));

describe("bulk handling of discrepancies", () => {
  it("write-off: open and waiting items closed with the reason and the person, one audit row each; closed items skipped and reported", async () => {
    const finance = await user("finance");
    const [open, waiting, resolved] = await items("open", "waiting", "resolved");
    const result = await writeOffDiscrepancies(db(), finance, [open!, waiting!, resolved!, 99_999_999], { reason: "  fee rounding, agreed with the provider  " });
    expect(result).toEqual({ changed: 2, skipped: [resolved!, 99_999_999] });
    const rows = await rowsOf([open!, waiting!, resolved!]);
    expect(rows.map((r) => r.status)).toEqual(["written_off", "written_off", "resolved"]);
    expect(rows[0]).toMatchObject({ resolution: "fee rounding, agreed with the provider", resolvedBy: finance.id, repairRule: null });
    expect(rows[2]!.resolution).toBeNull();
    const audits = await auditsFor([open!, waiting!, resolved!], "discrepancy.write_off");
    expect(audits.map((a) => [a.entityId, a.actorLabel, (a.before as { status: string }).status]).sort()).toEqual(
      [[String(open), finance.label, "open"], [String(waiting), finance.label, "waiting"]].sort(),
    );
    // Again: nothing left to do.
    expect(await writeOffDiscrepancies(db(), finance, [open!], { reason: "again" })).toEqual({ changed: 0, skipped: [open!] });
  });

  it("resolve needs a reason and the recon.resolve permission", async () => {
    const ops = await user("ops");
    const [a] = await items("open");
    await expect(resolveDiscrepancies(db(), ops, [a!], { reason: " " })).rejects.toThrow(/reason/);
    await expect(resolveDiscrepancies(db(), { ...(await user("manager")) }, [a!], { reason: "checked" })).rejects.toThrow(/may not/);
    await expect(resolveDiscrepancies(db(), ops, [], { reason: "checked" })).rejects.toThrow(/at least one/);
    expect((await rowsOf([a!]))[0]!.status).toBe("open");
    expect(await resolveDiscrepancies(db(), ops, [a!, a!], { reason: "provider confirmed, books agree" })).toEqual({ changed: 1, skipped: [] });
    expect((await rowsOf([a!]))[0]).toMatchObject({ status: "resolved", resolvedBy: ops.id });
    expect(await auditsFor([a!], "discrepancy.resolve")).toHaveLength(1);
  });

  it("assign: only to someone who holds recon.resolve; closed items skipped; unassign with null", async () => {
    const admin = await user("admin");
    const finance = await user("finance");
    const agent = await user("agent");
    const disabled = await user("ops", true);
    const [a, b, closed] = await items("open", "open", "written_off");
    await expect(assignDiscrepancies(db(), admin, [a!], agent.id)).rejects.toThrow(/cannot handle/);
    await expect(assignDiscrepancies(db(), admin, [a!], disabled.id)).rejects.toThrow(/cannot handle/);
    await expect(assignDiscrepancies(db(), admin, [a!], "00000000-0000-4000-8000-000000000bad")).rejects.toThrow(/not found/);
    expect(await assignDiscrepancies(db(), admin, [a!, b!, closed!], finance.id)).toEqual({ changed: 2, skipped: [closed!] });
    expect((await rowsOf([a!, b!, closed!])).map((r) => r.assigneeId)).toEqual([finance.id, finance.id, null]);
    expect(await assignDiscrepancies(db(), admin, [a!], finance.id)).toEqual({ changed: 0, skipped: [] });
    expect(await assignDiscrepancies(db(), admin, [a!], null)).toEqual({ changed: 1, skipped: [] });
    const audits = await auditsFor([a!], "discrepancy.assign");
    expect(audits.map((x) => (x.after as { assigneeId: string | null }).assigneeId)).toEqual([finance.id, null]);
  });
});
