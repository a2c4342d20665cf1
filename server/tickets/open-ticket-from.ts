import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, discrepancies, incidents, tickets } from "@/db/schema";
import type { RiskLevel } from "@/lib/enums";
import type { Actor } from "@/server/audit/write-audit";
import { NotFoundError } from "@/server/lib/errors";
import { createTicket } from "./create-ticket";
import { discrepancyDescription, discrepancyQueue } from "./discrepancy-ticket-text";
import type { TicketRisk } from "./ticket-priority";

export type TicketOrigin = { kind: "discrepancy" | "alert" | "incident"; id: number };

const riskOfSeverity = (s: string): TicketRisk => (s === "critical" ? "high" : s === "warning" ? "medium" : "low");

/**
 * "Open ticket" on a discrepancy (to finance, with its order and risk), an alert or an incident (to ops, or
 * tech when asked): through createTicket, at most one ticket per thing (a second click returns the first).
 * The subject is the caller's words (the console sends it in the agent's language); the description keeps
 * the facts as codes, readable in either language.
 */
export async function openTicketFrom(
  db: Db,
  origin: TicketOrigin,
  opts: { subject: string; queue?: "ops" | "tech" | "finance"; note?: string },
  actor: Actor,
  now = new Date(),
): Promise<{ id: number; number: string; existing: boolean }> {
  const sourceRef = `${origin.kind}:${origin.id}`;
  if (origin.kind === "discrepancy") {
    const [d] = await db.select().from(discrepancies).where(eq(discrepancies.id, origin.id));
    if (!d) throw new NotFoundError("discrepancy not found");
    // Both sides' records and a suggested action; finance for money, ops for "did it happen" (issue 11).
    const description = discrepancyDescription(d, opts.note);
    return createTicket(
      db,
      { subject: opts.subject, description, source: "discrepancy", type: d.type === "duplicate_payment" ? "charged_twice" : d.type === "paid_after_close" ? "refund" : d.type === "status_mismatch" ? "paid_not_updated" : "other", queue: opts.queue ?? discrepancyQueue(d.type), orderNo: d.orderNo, risk: d.risk as RiskLevel, sourceRef },
      actor,
      now,
    );
  }
  if (origin.kind === "alert") {
    const [a] = await db.select().from(alerts).where(eq(alerts.id, origin.id));
    if (!a) throw new NotFoundError("alert not found");
    const description = [opts.note?.trim(), `alert #${a.id} · ${a.ruleKey} · ${a.severity} · ${a.provider} · ${a.status}`].filter(Boolean).join("\n\n");
    return createTicket(db, { subject: opts.subject, description, source: "alert", queue: opts.queue ?? "ops", risk: riskOfSeverity(a.severity), sourceRef }, actor, now);
  }
  const [i] = await db.select().from(incidents).where(eq(incidents.id, origin.id));
  if (!i) throw new NotFoundError("incident not found");
  const description = [opts.note?.trim(), `incident #${i.id} · ${i.title} · ${i.severity} · ${i.provider} · ${i.status}`].filter(Boolean).join("\n\n");
  return createTicket(db, { subject: opts.subject, description, source: "incident", queue: opts.queue ?? "ops", incidentId: i.id, risk: riskOfSeverity(i.severity), sourceRef }, actor, now);
}

export const SYSTEM_TICKETS_ACTOR: Actor = { id: null, label: "system:tickets" };

/** The subject of an automatic discrepancy ticket (the sweep's and the repair rules'), in both languages. */
export function discrepancyTicketSubject(d: { id: number; risk: string; orderNo: string | null; type: string }): string {
  const level = d.risk === "high" ? "高风险 / High-risk" : d.risk === "medium" ? "中风险 / Medium-risk" : "低风险 / Low-risk";
  return `${level} 对账差异 discrepancy #${d.id} · ${d.type}${d.orderNo ? ` · ${d.orderNo}` : ""}`;
}

/**
 * The automatic ticket for every open high-risk discrepancy without one (the sweep runs it; issue 11 reuses
 * it): finance sees money at risk without anyone having to click.
 */
export async function openTicketsForHighRiskDiscrepancies(db: Db, now = new Date()): Promise<{ opened: number }> {
  const rows = await db
    .select({ id: discrepancies.id, orderNo: discrepancies.orderNo, risk: discrepancies.risk, type: discrepancies.type })
    .from(discrepancies)
    .leftJoin(tickets, eq(tickets.sourceRef, sql`'discrepancy:' || ${discrepancies.id}`))
    .where(and(eq(discrepancies.risk, "high"), inArray(discrepancies.status, ["open"]), isNull(tickets.id)))
    .limit(100);
  let opened = 0;
  for (const d of rows) {
    const r = await openTicketFrom(db, { kind: "discrepancy", id: d.id }, { subject: discrepancyTicketSubject(d) }, SYSTEM_TICKETS_ACTOR, now);
    if (!r.existing) opened++;
  }
  return { opened };
}
