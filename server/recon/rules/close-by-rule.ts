import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { discrepancies } from "@/db/schema";
import type { RepairRuleKey } from "@/lib/recon-rules";
import { writeAudit, type Actor } from "@/server/audit/write-audit";

/** Rules act in their own name: the audit row's actor is the rule, `runBy` says who or what ran it. */
export const ruleActor = (rule: RepairRuleKey): Actor => ({ id: null, label: `rule:${rule}` });

/**
 * Closes an open item on behalf of a rule, in one transaction with its audit row: a guarded update from
 * "open", so of two runs at once only one closes it (and audits it). False: it was no longer open.
 */
export async function closeByRule(
  db: Db,
  input: { id: number; rule: RepairRuleKey; to: "resolved" | "written_off"; resolution: string; detail?: Record<string, unknown>; runBy: Actor; now: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(discrepancies)
      .set({ status: input.to, repairRule: input.rule, resolution: input.resolution, resolvedAt: input.now, resolvedBy: null, updatedAt: input.now })
      .where(and(eq(discrepancies.id, input.id), eq(discrepancies.status, "open")))
      .returning({ id: discrepancies.id });
    if (!row) return false;
    await writeAudit(tx, ruleActor(input.rule), {
      action: input.to === "written_off" ? "discrepancy.write_off" : "discrepancy.repair",
      entityType: "discrepancy",
      entityId: String(input.id),
      before: { status: "open" },
      after: { status: input.to, rule: input.rule, resolution: input.resolution, runBy: input.runBy.label, ...input.detail },
    });
    return true;
  });
}

/** A rule could not finish (provider down, answer unexpected): the item stays open, the attempt is on record. */
export async function recordRuleFailure(db: Db, input: { id: number; rule: RepairRuleKey; error: string; runBy: Actor }): Promise<void> {
  await db.transaction((tx) =>
    writeAudit(tx, ruleActor(input.rule), {
      action: "discrepancy.repair_failed",
      entityType: "discrepancy",
      entityId: String(input.id),
      after: { rule: input.rule, error: input.error.slice(0, 500), runBy: input.runBy.label },
    }),
  );
}
