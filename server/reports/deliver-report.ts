import "server-only";
import { and, eq } from "drizzle-orm";
import { createTranslator } from "use-intl/core";
import type { Db } from "@/db/client";
import { reportDeliveries, reportSubscriptions, reports, users, type ReportRow } from "@/db/schema";
import { isLocale, type Locale, DEFAULT_LOCALE } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";
import { formatFigureValue, HEADLINE_FIGURES, trendOf } from "@/lib/reports";
import { loadMessages } from "@/messages/areas";
import { sendEmail } from "@/server/alerts/channels/email";
import { holds } from "@/server/auth/permissions";
import { getEnv } from "@/server/env";
import { NotFoundError } from "@/server/lib/errors";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

type T = (key: string, values?: Record<string, string | number>) => string;

async function translator(locale: Locale): Promise<T> {
  const messages = await loadMessages(locale);
  return createTranslator({ locale, messages, timeZone: getEnv().BUSINESS_TIMEZONE }) as unknown as T;
}

export function reportUrl(id: number): string {
  return new URL(`/reports/${id}`, getEnv().APP_URL).toString();
}

/** The e-mail of one report in one language: subject, plain text and an HTML summary with the link to the portal. */
export async function renderReportEmail(report: ReportRow, locale: Locale): Promise<{ subject: string; text: string; html: string }> {
  const t = await translator(locale);
  const period = t("reports.period", { start: report.periodStart, end: lastDay(report.periodEnd) });
  const subject = t("reports.email.subject", { kind: t(`reports.kind.${report.kind}`), period });
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  const rows = HEADLINE_FIGURES.flatMap((key) => {
    const f = report.data.figures.find((x) => x.key === key);
    if (!f) return [];
    const { trend } = trendOf(f);
    const arrow = trend === "none" || trend === "same" ? "" : f.value! > f.previous! ? "▲" : "▼";
    return [{ label: t(`reports.figure.${f.key}`), value: formatFigureValue(f.unit, f.value, locale, report.data.currency, money), previous: formatFigureValue(f.unit, f.previous, locale, report.data.currency, money), arrow, trend }];
  });
  const url = reportUrl(report.id);
  const counts = t("reports.email.counts", { incidents: report.data.incidents.length, suggestions: report.data.suggestions.length, manual: report.data.manual.totalManual });
  const text = [
    subject,
    "",
    ...rows.map((r) => `${r.label}: ${r.value} (${t("reports.table.previous")}: ${r.previous}) ${r.arrow}`),
    "",
    counts,
    `${t("reports.email.open")}: ${url}`,
  ].join("\n");
  const colour = (trend: string) => (trend === "better" ? "#15803d" : trend === "worse" ? "#b91c1c" : "#475569");
  const html = `<h2 style="font-family:sans-serif">${escape(subject)}</h2>
<table style="font-family:sans-serif;border-collapse:collapse">
<tr><th align="left" style="padding:4px 12px 4px 0">${escape(t("reports.table.kpi"))}</th><th align="right" style="padding:4px 12px">${escape(t("reports.table.value"))}</th><th align="right" style="padding:4px 12px">${escape(t("reports.table.previous"))}</th></tr>
${rows.map((r) => `<tr><td style="padding:4px 12px 4px 0">${escape(r.label)}</td><td align="right" style="padding:4px 12px">${escape(r.value)} <span style="color:${colour(r.trend)}">${r.arrow}</span></td><td align="right" style="padding:4px 12px;color:#475569">${escape(r.previous)}</td></tr>`).join("\n")}
</table>
<p style="font-family:sans-serif">${escape(counts)}</p>
<p style="font-family:sans-serif"><a href="${escape(url)}">${escape(t("reports.email.open"))}</a></p>`;
  return { subject, text, html };
}

/** The period's last day (periodEnd is exclusive). */
function lastDay(end: string): string {
  return new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export interface DeliveryOutcome {
  sent: number;
  failed: number;
  skipped: number;
}

/**
 * E-mails a report to each subscriber of its kind who may still read reports, in their language, through the
 * alert channels' SMTP settings. Without ALERT_SMTP_URL nothing is sent and each delivery is logged
 * "skipped" with the reason; a subscriber already sent this report is not mailed again (a re-run resends
 * only the failures).
 */
export async function deliverReport(db: Db, reportId: number, now: Date): Promise<DeliveryOutcome> {
  const [report] = await db.select().from(reports).where(eq(reports.id, reportId));
  if (!report) throw new NotFoundError(`report ${reportId}`);
  const env = getEnv();
  const subscribers = await db
    .select({ id: users.id, email: users.email, role: users.role, locale: users.locale, disabledAt: users.disabledAt })
    .from(reportSubscriptions)
    .innerJoin(users, eq(users.id, reportSubscriptions.userId))
    .where(eq(reportSubscriptions.kind, report.kind))
    .orderBy(users.email);
  const already = new Set(
    (await db.select({ userId: reportDeliveries.userId }).from(reportDeliveries).where(and(eq(reportDeliveries.reportId, report.id), eq(reportDeliveries.status, "sent")))).map((r) => r.userId),
  );
  const outcome: DeliveryOutcome = { sent: 0, failed: 0, skipped: 0 };
  for (const u of subscribers) {
    if (already.has(u.id) || u.disabledAt || !holds({ role: u.role }, "review.read")) continue;
    if (!env.ALERT_SMTP_URL) {
      await db.insert(reportDeliveries).values({ reportId: report.id, userId: u.id, status: "skipped", error: "skipped: no SMTP configured" });
      outcome.skipped++;
      continue;
    }
    const mail = await renderReportEmail(report, isLocale(u.locale) ? u.locale : DEFAULT_LOCALE);
    const r = await sendEmail(
      { smtpUrl: env.ALERT_SMTP_URL, from: env.ALERT_EMAIL_FROM },
      { to: u.email, ...mail, idempotencyKey: `report:${report.id}:${report.generatedAt.toISOString()}:${u.id}` },
      env.ALERT_DELIVERY_TIMEOUT,
    );
    await db.insert(reportDeliveries).values({ reportId: report.id, userId: u.id, status: r.ok ? "sent" : "failed", error: r.ok ? null : r.error, sentAt: r.ok ? now : null });
    if (r.ok) outcome.sent++;
    else outcome.failed++;
  }
  return outcome;
}
