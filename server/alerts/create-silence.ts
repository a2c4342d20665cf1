import "server-only";
import type { Db } from "@/db/client";
import { alertSilences } from "@/db/schema";
import type { SilenceKind } from "@/lib/alerts";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { ValidationError } from "@/server/lib/errors";

export interface SilenceInput {
  kind?: SilenceKind;
  matchers: Partial<Record<"ruleKey" | "metric" | "provider" | "severity", string>>;
  startsAt: Date;
  endsAt: Date;
  comment?: string;
}

/** A silence or maintenance window: matching alerts still fire and show, their notifications are suppressed. */
export async function createSilence(db: Db, input: SilenceInput, actor: Actor) {
  if (!(input.endsAt.getTime() > input.startsAt.getTime())) throw new ValidationError("endsAt must be after startsAt");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(alertSilences)
      .values({ kind: input.kind ?? "silence", matchers: input.matchers, startsAt: input.startsAt, endsAt: input.endsAt, comment: input.comment, createdBy: actor.label })
      .returning();
    await writeAudit(tx, actor, { action: "alert.silence", entityType: "alert_silence", entityId: String(row!.id), after: input });
    return row!;
  });
}
