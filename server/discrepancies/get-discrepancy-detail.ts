import "server-only";
import { and, asc, desc, eq, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { auditLogs, callbackEvents, discrepancies, orders, paymentEvents, refunds, statementImports, statementLines, tickets, users } from "@/db/schema";
import { NotFoundError } from "@/server/lib/errors";
import { statementLineFields } from "@/server/recon/formats/parse-statement";
import type { StatementFormat } from "@/server/recon/formats/types";

const LIMIT = 50;

/**
 * A statement line with its fields by header name: read back from the record's text with the import's format
 * and header (lines imported before migration 0037 carry them as JSON in `raw`).
 */
function withFields(row: { line: typeof statementLines.$inferSelect; format: unknown; rawHeader: string[] | null }) {
  const { rawText, raw, ...line } = row.line;
  const fields = raw ?? (rawText !== null && row.format && row.rawHeader ? statementLineFields(row.format as StatementFormat, row.rawHeader, rawText) : null);
  return { ...line, raw: fields };
}

/**
 * The workbench's side-by-side view of one discrepancy: our books (the order, the payment events applied
 * to it, the provider messages about it, its refunds and tickets) against the provider's statement line
 * and the import it came in, plus the item's own history (its audit rows).
 */
export async function getDiscrepancyDetail(db: Db, id: number) {
  const assignee = alias(users, "assignee");
  const resolver = alias(users, "resolver");
  const [found] = await db
    .select({ discrepancy: discrepancies, assigneeEmail: assignee.email, resolvedByEmail: resolver.email })
    .from(discrepancies)
    .leftJoin(assignee, eq(assignee.id, discrepancies.assigneeId))
    .leftJoin(resolver, eq(resolver.id, discrepancies.resolvedBy))
    .where(eq(discrepancies.id, id));
  if (!found) throw new NotFoundError(`discrepancy ${id} not found`);
  const d = found.discrepancy;
  const orderNo = d.orderNo;

  const [order, payments, callbacks, orderRefunds, relatedTickets, line, statementImport, history] = await Promise.all([
    orderNo ? db.select().from(orders).where(eq(orders.orderNo, orderNo)).then((r) => r[0] ?? null) : null,
    orderNo
      ? db
          .select({ id: paymentEvents.id, providerTransactionId: paymentEvents.providerTransactionId, providerStatus: paymentEvents.providerStatus, result: paymentEvents.result, createdAt: paymentEvents.createdAt })
          .from(paymentEvents)
          .where(eq(paymentEvents.orderNo, orderNo))
          .orderBy(asc(paymentEvents.id))
          .limit(LIMIT)
      : [],
    // The facts extracted from each message; bodies stay on the callbacks page (masked, revealed with an audit row).
    db
      .select({
        id: callbackEvents.id,
        source: callbackEvents.source,
        receivedAt: callbackEvents.receivedAt,
        verification: callbackEvents.verification,
        outcome: callbackEvents.outcome,
        providerTransactionId: callbackEvents.providerTransactionId,
        providerStatus: callbackEvents.providerStatus,
        amountMinor: callbackEvents.amountMinor,
        currency: callbackEvents.currency,
        eventAt: callbackEvents.eventAt,
      })
      .from(callbackEvents)
      .where(
        or(
          orderNo ? eq(callbackEvents.orderNo, orderNo) : undefined,
          d.providerTransactionId ? and(eq(callbackEvents.provider, d.provider), eq(callbackEvents.providerTransactionId, d.providerTransactionId)) : undefined,
          d.callbackEventId ? eq(callbackEvents.id, d.callbackEventId) : undefined,
        ) ?? eq(callbackEvents.id, -1),
      )
      .orderBy(asc(callbackEvents.receivedAt), asc(callbackEvents.id))
      .limit(LIMIT),
    orderNo
      ? db
          .select({ id: refunds.id, refundNo: refunds.refundNo, kind: refunds.kind, amountMinor: refunds.amountMinor, currency: refunds.currency, status: refunds.status, providerRefundId: refunds.providerRefundId, createdAt: refunds.createdAt })
          .from(refunds)
          .where(eq(refunds.orderNo, orderNo))
          .orderBy(asc(refunds.id))
          .limit(LIMIT)
      : [],
    db
      .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, queue: tickets.queue, sourceRef: tickets.sourceRef })
      .from(tickets)
      .where(or(eq(tickets.sourceRef, `discrepancy:${id}`), orderNo ? eq(tickets.orderNo, orderNo) : undefined))
      .orderBy(desc(tickets.id))
      .limit(LIMIT),
    d.statementImportId !== null && d.statementLineNo !== null
      ? db
          .select({ line: statementLines, format: statementImports.format, rawHeader: statementImports.rawHeader })
          .from(statementLines)
          .innerJoin(statementImports, eq(statementImports.id, statementLines.importId))
          .where(and(eq(statementLines.importId, d.statementImportId), eq(statementLines.lineNo, d.statementLineNo)))
          .then((r) => (r[0] ? withFields(r[0]) : null))
      : null,
    d.statementImportId !== null
      ? db
          .select({
            id: statementImports.id,
            provider: statementImports.provider,
            businessDate: statementImports.businessDate,
            fileName: statementImports.fileName,
            source: statementImports.source,
            status: statementImports.status,
            actorLabel: statementImports.actorLabel,
            completedAt: statementImports.completedAt,
          })
          .from(statementImports)
          .where(eq(statementImports.id, d.statementImportId))
          .then((r) => r[0] ?? null)
      : null,
    db
      .select({ id: auditLogs.id, action: auditLogs.action, actorLabel: auditLogs.actorLabel, after: auditLogs.after, createdAt: auditLogs.createdAt })
      .from(auditLogs)
      .where(and(eq(auditLogs.entityType, "discrepancy"), eq(auditLogs.entityId, String(id))))
      .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
      .limit(LIMIT),
  ]);

  return {
    discrepancy: { ...d, assigneeEmail: found.assigneeEmail, resolvedByEmail: found.resolvedByEmail },
    order,
    payments,
    callbacks,
    refunds: orderRefunds,
    tickets: relatedTickets,
    statementLine: line,
    statementImport,
    history,
  };
}

export type DiscrepancyDetail = Awaited<ReturnType<typeof getDiscrepancyDetail>>;
