import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reports, tickets } from "@/db/schema";
import type { ActionableSuggestion, Suggestion, SuggestionOwner } from "@/lib/reports";
import { holds, type Permission } from "@/server/auth/permissions";
import type { Role } from "@/lib/enums";
import { NotFoundError } from "@/server/lib/errors";
import { computeLiveSuggestions } from "./suggestions";

/**
 * The permission a suggestion's editor needs and the team that holds it: alert rules are ops' (alert.manage),
 * recon rules finance's (recon.configure), articles and scripts the senior agents' (kb.edit, script.edit).
 */
export function suggestionEditor(s: Pick<Suggestion, "kind" | "editorHref">): { permission: Permission; owner: SuggestionOwner } {
  switch (s.kind) {
    case "alert_false":
    case "alert_late":
      return { permission: "alert.manage", owner: "ops" };
    case "recon_manual":
      return { permission: "recon.configure", owner: "finance" };
    case "topic_no_content":
      return { permission: s.editorHref.startsWith("/scripts") ? "script.edit" : "kb.edit", owner: "cs_l2" };
  }
}

/** The ticket's source ref: one ticket per suggestion and report ("live" for the rolling last 7 days); tickets_source_ref_idx keeps it unique. */
export const suggestionSourceRef = (reportId: number | null, s: Pick<Suggestion, "kind" | "subject">) => `suggestion:${reportId ?? "live"}:${s.kind}:${s.subject}`;

/** Each suggestion with what this viewer may do with it, and the ticket it was already sent to. */
export async function withActions(db: Db, viewer: { role: Role }, items: Suggestion[], reportId: number | null): Promise<ActionableSuggestion[]> {
  const refs = items.map((s) => suggestionSourceRef(reportId, s));
  const sent =
    refs.length === 0
      ? []
      : await db.select({ id: tickets.id, number: tickets.number, sourceRef: tickets.sourceRef }).from(tickets).where(inArray(tickets.sourceRef, refs));
  const bySource = new Map(sent.map((t) => [t.sourceRef, { id: t.id, number: t.number }]));
  return items.map((s, i) => {
    const editor = suggestionEditor(s);
    return { ...s, action: { canEdit: holds(viewer, editor.permission), owner: editor.owner, ticket: bySource.get(refs[i]!) ?? null } };
  });
}

/** The suggestion as the server knows it: from the report's snapshot, or the live last 7 days recomputed. */
export async function findSuggestion(db: Db, key: { kind: Suggestion["kind"]; subject: string; reportId: number | null }, now: Date): Promise<{ suggestion: Suggestion; period: string }> {
  let items: Suggestion[];
  let period: string;
  if (key.reportId === null) {
    const live = await computeLiveSuggestions(db, now);
    items = live.items;
    period = `${live.from.toISOString().slice(0, 10)} – ${now.toISOString().slice(0, 10)}`;
  } else {
    const [row] = await db.select({ data: reports.data, kind: reports.kind, start: reports.periodStart, end: reports.periodEnd }).from(reports).where(eq(reports.id, key.reportId));
    if (!row) throw new NotFoundError(`report ${key.reportId}`);
    items = row.data.suggestions;
    period = `${row.kind} report #${key.reportId}, ${row.start} – ${row.end}`;
  }
  const suggestion = items.find((s) => s.kind === key.kind && s.subject === key.subject);
  if (!suggestion) throw new NotFoundError(`suggestion ${key.kind}:${key.subject}`);
  return { suggestion, period };
}
