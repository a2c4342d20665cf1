import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incidents, orders } from "@/db/schema";
import { NOTICE_SITUATIONS, renderTemplate, smsText, type NoticeChannel, type NoticeSituation } from "@/lib/user-notices";
import { affectedOrdersWhere } from "@/server/incidents/list-affected-orders";
import { NotFoundError } from "@/server/lib/errors";
import { rowsOf } from "@/server/lib/sql";
import type { NoticeCandidate } from "./create-notices";
import { getNoticeSettings } from "./get-notice-settings";
import { loadTemplateBook } from "./load-templates";
import { localeOfOrder, noticeValues, remedyOf } from "./notice-values";

export interface IncidentNoticePlan {
  incidentId: number;
  /** Orders to notify (not told about their situation yet), by situation. */
  candidates: NoticeCandidate[];
  counts: Partial<Record<NoticeSituation, number>>;
  total: number;
  /** Affected orders already told about their situation. */
  alreadyNotified: number;
  /** One message per situation, rendered for its first order (the SMS as it leaves, in the user's language). */
  previews: { situation: NoticeSituation; orderNo: string; locale: string; channel: NoticeChannel; text: string }[];
  channels: NoticeChannel[];
}

/**
 * Who an incident's "Notify affected users" reaches: its affected orders (the set the incident page counts),
 * each with the situation our data shows — charged twice, cannot complete, paid but not updated — and, for
 * orders still waiting for their payment, payment_delayed ("do not pay again"). Closed unpaid and fulfilled
 * orders have nothing to be told. The bulk job sends exactly this plan, so the count shown is what is sent.
 */
export async function planIncidentNotices(db: Db, incidentId: number, now = new Date()): Promise<IncidentNoticePlan> {
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) throw new NotFoundError(`incident ${incidentId} not found`);
  const rows = rowsOf<{ order_no: string; situation: NoticeSituation | null; paid_after_close: boolean; notified: boolean }>(
    await db.execute(sql`
      WITH affected AS (SELECT order_no, status, needs_review, review_reason_coded, created_at FROM orders WHERE ${affectedOrdersWhere(incident, now)}),
      classified AS (
        SELECT a.order_no, a.created_at,
               EXISTS (SELECT 1 FROM discrepancies d WHERE d.order_no = a.order_no AND d.type = 'paid_after_close') AS paid_after_close,
               CASE
                 WHEN EXISTS (SELECT 1 FROM discrepancies d WHERE d.order_no = a.order_no AND d.type = 'duplicate_payment') THEN 'duplicate_charge'
                 WHEN EXISTS (SELECT 1 FROM discrepancies d WHERE d.order_no = a.order_no AND d.type = 'paid_after_close') THEN 'cannot_complete'
                 WHEN a.status = 'PAID' AND a.needs_review AND a.review_reason_coded->>'code' = 'order.fulfilment_failed' THEN 'cannot_complete'
                 WHEN a.status = 'PAID' THEN 'paid_not_updated'
                 WHEN a.status = 'CREATED' THEN 'payment_delayed'
               END AS situation
          FROM affected a
      )
      SELECT c.order_no, c.situation, c.paid_after_close,
             EXISTS (SELECT 1 FROM user_notices n WHERE n.order_no = c.order_no AND n.situation = c.situation AND n.kind = 'initial') AS notified
        FROM classified c
       WHERE c.situation IS NOT NULL
       ORDER BY c.created_at, c.order_no`),
  );
  const candidates = rows.filter((r) => !r.notified).map((r) => ({ orderNo: r.order_no, situation: r.situation!, kind: "initial" as const, paidAfterClose: r.paid_after_close }));
  const counts: Partial<Record<NoticeSituation, number>> = {};
  for (const c of candidates) counts[c.situation] = (counts[c.situation] ?? 0) + 1;
  const settings = await getNoticeSettings(db);
  const book = await loadTemplateBook(db);
  const channel: NoticeChannel = settings.channels.includes("sms") ? "sms" : "push";
  const previews: IncidentNoticePlan["previews"] = [];
  for (const situation of NOTICE_SITUATIONS) {
    const first = candidates.find((c) => c.situation === situation);
    if (!first) continue;
    const [order] = await db.select().from(orders).where(eq(orders.orderNo, first.orderNo));
    if (!order) continue;
    const locale = localeOfOrder(order);
    const rendered = renderTemplate(book(situation, channel, locale), noticeValues(order, situation, "initial", locale, remedyOf(situation, Boolean(first.paidAfterClose))));
    previews.push({ situation, orderNo: order.orderNo, locale, channel, text: channel === "sms" ? smsText(rendered, locale) : rendered });
  }
  return { incidentId, candidates, counts, total: candidates.length, alreadyNotified: rows.length - candidates.length, previews, channels: settings.channels };
}
