import "server-only";
import type { Db } from "@/db/client";
import type { SuggestionKind } from "@/lib/reports";
import { writeAudit, type Actor } from "@/server/audit/write-audit";

/** Accepting a suggestion is following it to its editor; the audit row records who took which one, from which report. */
export async function acceptSuggestion(db: Db, actor: Actor, input: { kind: SuggestionKind; subject: string; editorHref: string; reportId: number | null }): Promise<{ ok: true }> {
  await db.transaction((tx) =>
    writeAudit(tx, actor, {
      action: "report.suggestion_accepted",
      entityType: "report",
      entityId: input.reportId === null ? "live" : String(input.reportId),
      after: { kind: input.kind, subject: input.subject, editorHref: input.editorHref },
    }),
  );
  return { ok: true };
}
