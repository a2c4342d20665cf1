"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { SeverityBadge, useAlertLabels } from "@/components/alerts/alert-badges";
import { useI18n } from "@/components/i18n/i18n-provider";
import { IncidentTimeline } from "@/components/incidents/incident-timeline";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { AlertStatus } from "@/lib/alerts";
import type { ReviewDetail } from "./types";

type Thread = ReviewDetail["thread"];

function Section<T>({ title, list, head, row }: { title: string; list: { items: T[]; total: number }; head: string[]; row: (item: T) => ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="border-t border-slate-100 first:border-t-0">
      <h3 className="flex items-baseline justify-between px-4 pt-3 pb-1 text-xs font-semibold text-slate-600">
        <span>
          {title} <span className="font-normal text-slate-500">({list.total})</span>
        </span>
        {list.total > list.items.length && <span className="font-normal text-slate-500">{t("reviews.detail.more", { total: list.total, shown: list.items.length })}</span>}
      </h3>
      {list.items.length === 0 ? (
        <p className="px-4 pb-3 text-sm text-slate-500">{t("reviews.detail.noRows")}</p>
      ) : (
        <Table label={title}>
          <thead>
            <tr>
              {head.map((h) => (
                <Th key={h}>{h}</Th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">{list.items.map(row)}</tbody>
        </Table>
      )}
    </section>
  );
}

/** Everything linked to the incident, live: alerts, notices, tickets, refunds, reconciliation items, timeline. */
export function IncidentThreadCard({ thread }: { thread: Thread }) {
  const { t, dateTime, money, locale } = useI18n();
  const labels = useAlertLabels();
  const c = (k: "rule" | "severity" | "state" | "onset" | "number" | "subject" | "order" | "refund" | "amount" | "type" | "risk" | "notice" | "started") => t(`reviews.detail.col.${k}`);
  return (
    <div className="grid gap-4 xl:grid-cols-[1fr_28rem]">
      <Card title={t("reviews.detail.thread")} className="min-w-0 self-start">
        <Section
          title={t("reviews.detail.alerts")}
          list={thread.alerts}
          head={[c("rule"), c("severity"), c("state"), c("onset")]}
          row={(a) => (
            <tr key={a.id}>
              <Td>{labels.rule(a.ruleKey)}</Td>
              <Td><SeverityBadge severity={a.severity} /></Td>
              <Td>{t(`alerts.status.${a.status as AlertStatus}`)}</Td>
              <Td className="tabular-nums">{dateTime(a.onsetAt)}</Td>
            </tr>
          )}
        />
        <Section
          title={t("reviews.detail.statusNotices")}
          list={thread.statusNotices}
          head={[c("notice"), c("state"), c("started")]}
          row={(n) => (
            <tr key={n.id}>
              <Td className="whitespace-normal">{locale === "en" ? n.title.en : n.title["zh-CN"]}</Td>
              <Td>{t(`notices.noticeStatus.${n.status}`)}</Td>
              <Td className="tabular-nums">{dateTime(n.startedAt)}</Td>
            </tr>
          )}
        />
        <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-600">
          {t("reviews.detail.notified")}: <span className="font-medium tabular-nums">{thread.userNotices.sent}</span>
          {thread.userNotices.failed > 0 && <span className="ml-2 text-rose-700">{t("reviews.detail.notifiedFailed", { n: thread.userNotices.failed })}</span>}
        </p>
        <Section
          title={t("reviews.detail.tickets")}
          list={thread.tickets}
          head={[c("number"), c("subject"), c("state")]}
          row={(tk) => (
            <tr key={tk.id}>
              <Td>
                <Link href={`/tickets/${tk.id}`} className="text-indigo-700 hover:underline">
                  {tk.number}
                </Link>
              </Td>
              <Td className="whitespace-normal">{tk.subject}</Td>
              <Td>{t(`tickets.status.${tk.status}`)}</Td>
            </tr>
          )}
        />
        <Section
          title={t("reviews.detail.refunded")}
          list={thread.refunds}
          head={[c("refund"), c("order"), c("amount"), c("state")]}
          row={(r) => (
            <tr key={r.id}>
              <Td>{r.refundNo}</Td>
              <Td>
                <Link href={`/orders/${encodeURIComponent(r.orderNo)}`} className="text-indigo-700 hover:underline">
                  {r.orderNo}
                </Link>
              </Td>
              <Td className="tabular-nums">{money(r.amountMinor, r.currency)}</Td>
              <Td>{t(`refunds.status.${r.status}`)}</Td>
            </tr>
          )}
        />
        <Section
          title={t("reviews.detail.atRisk")}
          list={thread.discrepancies}
          head={[c("type"), c("risk"), c("order"), c("amount"), c("state")]}
          row={(d) => (
            <tr key={d.id}>
              <Td>{t(`disc.type.${d.type}`)}</Td>
              <Td>{t(`risk.${d.risk}`)}</Td>
              <Td>{d.orderNo ?? "—"}</Td>
              <Td className="tabular-nums">{money(d.differenceMinor, d.currency)}</Td>
              <Td>{t(`disc.status.${d.status}`)}</Td>
            </tr>
          )}
        />
      </Card>
      <Card title={t("reviews.detail.timeline")} className="self-start">
        <IncidentTimeline items={thread.timeline.items} />
      </Card>
    </div>
  );
}
