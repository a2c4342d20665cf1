import "server-only";
import type { Db } from "@/db/client";
import type { Role } from "@/lib/enums";
import type { Suggestion, SuggestionAcceptance, SuggestionKind } from "@/lib/reports";
import { BODY_MAX, SUBJECT_MAX } from "@/lib/tickets";
import { writeAudit, type Actor } from "@/server/audit/write-audit";
import { holds } from "@/server/auth/permissions";
import { createTicket } from "@/server/tickets/create-ticket";
import { findSuggestion, suggestionEditor, suggestionSourceRef } from "./suggestion-actions";

/** What the suggestion says, in both languages (the ticket keeps facts, not UI text; same words as messages/<locale>/reports.json). */
const HEADLINE: Record<SuggestionKind, { zh: string; en: string }> = {
  alert_false: { zh: "规则“{s}”经常误报", en: "Rule “{s}” raises false alarms" },
  alert_late: { zh: "规则“{s}”发现问题太晚", en: "Rule “{s}” detects problems late" },
  topic_no_content: { zh: "“{s}”类工单多，但缺少已发布的内容", en: "Many “{s}” tickets, but no published content" },
  recon_manual: { zh: "“{s}”差异多次人工处理", en: "“{s}” closed by hand again and again" },
};

/** The forwarded ticket: headline, the evidence and proposal as key = value, the pre-filled editor link, and why it was sent. */
export function suggestionTicketText(s: Suggestion, period: string, permission: string): { subject: string; description: string } {
  const h = HEADLINE[s.kind];
  const subject = `改进建议 / Suggestion: ${h.en.replace("{s}", s.subject)}`.slice(0, SUBJECT_MAX);
  const description = [
    `${h.zh.replace("{s}", s.subject)}`,
    `${h.en.replace("{s}", s.subject)}`,
    `${s.kind} · ${s.subject} · ${period}`,
    "",
    "证据 / Evidence:",
    ...s.evidence.map((e) => `- ${e.key} = ${e.value}${e.href ? ` (${e.href})` : ""}`),
    `建议 / Proposal: ${s.proposal.key}${s.proposal.value === undefined || s.proposal.value === null ? "" : ` = ${s.proposal.value}`}`,
    "",
    `编辑器（已预填）/ Editor, pre-filled: ${s.editorHref}`,
    `需要权限 / Needs: ${permission}`,
  ].join("\n");
  return { subject, description: description.slice(0, BODY_MAX) };
}

/**
 * Accepting a suggestion. The server decides, from the permission the suggestion's editor needs: a viewer who
 * holds it gets the editor (audited report.suggestion_accepted); anyone else sends it to the owning team as a
 * ticket of type "other" in their queue (ops for alert rules, finance for recon rules), audited
 * report.suggestion_forwarded in the same transaction. One ticket per suggestion and report: its source ref
 * is the idempotency key, so a second click (or a race) gets the existing ticket and writes nothing.
 */
export async function acceptSuggestion(
  db: Db,
  actor: Actor & { role: Role },
  input: { kind: SuggestionKind; subject: string; reportId: number | null },
  now = new Date(),
): Promise<SuggestionAcceptance> {
  const { suggestion, period } = await findSuggestion(db, input, now);
  const editor = suggestionEditor(suggestion);
  const entityId = input.reportId === null ? "live" : String(input.reportId);
  if (holds(actor, editor.permission)) {
    await db.transaction((tx) =>
      writeAudit(tx, actor, { action: "report.suggestion_accepted", entityType: "report", entityId, after: { kind: suggestion.kind, subject: suggestion.subject, editorHref: suggestion.editorHref } }),
    );
    return { outcome: "editor", editorHref: suggestion.editorHref };
  }
  const text = suggestionTicketText(suggestion, period, editor.permission);
  return db.transaction(async (tx) => {
    const ticket = await createTicket(
      tx,
      { ...text, source: "console", type: "other", queue: editor.owner, sourceRef: suggestionSourceRef(input.reportId, suggestion) },
      actor,
      now,
    );
    if (!ticket.existing) {
      await writeAudit(tx, actor, {
        action: "report.suggestion_forwarded",
        entityType: "report",
        entityId,
        after: { kind: suggestion.kind, subject: suggestion.subject, queue: editor.owner, ticket: ticket.number, editorHref: suggestion.editorHref },
      });
    }
    return { outcome: "forwarded", owner: editor.owner, ticket: { id: ticket.id, number: ticket.number }, existing: ticket.existing };
  });
}
