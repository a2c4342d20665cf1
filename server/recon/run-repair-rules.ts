import "server-only";
import type { Db } from "@/db/client";
import type { Actor } from "@/server/audit/write-audit";
import type { Env } from "@/server/env";
import { log } from "@/server/lib/log";
import { applyRepairRules, type RepairRunResult } from "./rules/apply-repair-rules";

/**
 * After an import's matching has committed: the auto-repair rules act on what it found (H3's applyRepairRules).
 * A failure here never undoes the import — the items stay open in the workbench and "run rules now" retries.
 */
export async function runRepairRules(
  db: Db,
  importId: number,
  actor: Actor,
  opts: { env: Env; now: Date; openTickets?: boolean },
): Promise<RepairRunResult | { error: string }> {
  try {
    return await applyRepairRules(db, { importId }, actor, opts);
  } catch (e) {
    log.error("repair rules after a statement import failed", { importId, error: e });
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
