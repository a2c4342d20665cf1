"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import type { MessageKey } from "@/lib/i18n/messages";
import type { ReportData, ReportFigure } from "@/lib/reports";
import { DailyCharts } from "./daily-charts";
import { FigureDelta, useFigureText } from "./figure-value";
import { useReportLabels } from "./labels";
import { SuggestionList } from "./suggestion-list";

const SECTIONS: ReportFigure["section"][] = ["payments", "service", "recon", "incidents"];
const th = "px-3 py-2 text-left text-xs font-medium text-slate-500";
const td = "px-3 py-1.5";

function lastDay(end: string): string {
  return new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function KpiTable({ data }: { data: ReportData }) {
  const { t } = useI18n();
  const text = useFigureText();
  return (
    <div className="grid gap-4 p-3 lg:grid-cols-2 print:grid-cols-2">
      {SECTIONS.map((section) => (
        <table key={section} className="w-full text-sm">
          <caption className="px-3 pb-1 text-left text-sm font-semibold text-slate-800">{t(`reports.section.${section}`)}</caption>
          <thead>
            <tr className="border-b border-slate-100">
              <th className={th}>{t("reports.table.kpi")}</th>
              <th className={`${th} text-right`}>{t("reports.table.value")}</th>
              <th className={`${th} text-right`}>{t("reports.table.previous")}</th>
              <th className={`${th} text-right`}>{t("reports.table.delta")}</th>
            </tr>
          </thead>
          <tbody>
            {data.figures
              .filter((f) => f.section === section)
              .map((f) => (
                <tr key={f.key} className="border-b border-slate-50">
                  <th scope="row" className={`${td} text-left font-normal text-slate-700`}>
                    {t(`reports.figure.${f.key}` as MessageKey)}
                  </th>
                  <td className={`${td} text-right tabular-nums`}>{text(f.unit, f.value, data.currency)}</td>
                  <td className={`${td} text-right text-slate-500 tabular-nums`}>{text(f.unit, f.previous, data.currency)}</td>
                  <td className={`${td} text-right`}>
                    <FigureDelta figure={f} currency={data.currency} />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

function Topics({ topics }: { topics: ReportData["topics"] }) {
  const { t } = useI18n();
  const labels = useReportLabels();
  if (topics.length === 0) return <EmptyState title={t("reports.topics.empty")} />;
  const max = Math.max(...topics.map((x) => x.count), 1);
  return (
    <table className="m-3 w-[calc(100%-1.5rem)] text-sm">
      <thead>
        <tr className="border-b border-slate-100">
          <th className={th}>{t("reports.topics.type")}</th>
          <th className={`${th} w-1/2`} />
          <th className={`${th} text-right`}>{t("reports.topics.count")}</th>
          <th className={`${th} text-right`}>{t("reports.topics.previous")}</th>
        </tr>
      </thead>
      <tbody>
        {topics.map((x) => (
          <tr key={x.type} className="border-b border-slate-50">
            <th scope="row" className={`${td} text-left font-normal`}>
              <Link className="text-indigo-700 hover:underline" href={`/tickets?type=${x.type}`}>
                {labels.topic(x.type)}
              </Link>
            </th>
            <td className={td} aria-hidden>
              <div className="h-2 rounded bg-indigo-500" style={{ width: `${(x.count / max) * 100}%` }} />
            </td>
            <td className={`${td} text-right tabular-nums`}>{x.count}</td>
            <td className={`${td} text-right text-slate-500 tabular-nums`}>{x.previous}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Manual({ manual }: { manual: ReportData["manual"] }) {
  const { t, format } = useI18n();
  const labels = useReportLabels();
  const text = useFigureText();
  return (
    <div className="space-y-2 p-3">
      <p className="text-sm text-slate-600">{t("reports.manual.explain")}</p>
      {manual.rows.length === 0 ? (
        <EmptyState title={t("reports.manual.empty")} />
      ) : (
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-slate-100">
              <th className={th}>{t("reports.manual.type")}</th>
              <th className={`${th} text-right`}>{t("reports.manual.manualCol")}</th>
              <th className={`${th} text-right`}>{t("reports.manual.autoCol")}</th>
              <th className={`${th} text-right`}>{t("reports.manual.handle")}</th>
              <th className={`${th} text-right`}>{t("reports.manual.reversed")}</th>
            </tr>
          </thead>
          <tbody>
            {manual.rows.map((r) => (
              <tr key={r.type} className="border-b border-slate-50">
                <th scope="row" className={`${td} text-left font-normal`}>
                  {labels.discType(r.type)}
                </th>
                <td className={`${td} text-right tabular-nums`}>{r.manual}</td>
                <td className={`${td} text-right tabular-nums`}>{r.auto}</td>
                <td className={`${td} text-right tabular-nums`}>{text("seconds", r.handleMedianS, "CNY")}</td>
                <td className={`${td} text-right tabular-nums`}>{r.reversed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="text-sm text-slate-700">{t("reports.manual.total", { manual: manual.totalManual, auto: manual.totalAuto })}</p>
      <p className="text-sm text-slate-700">
        {t("reports.manual.tickets", {
          solved: manual.ticketsSolved,
          reopened: manual.ticketsReopened,
          rate: manual.ticketsSolved > 0 ? format.number(manual.ticketsReopened / manual.ticketsSolved, { style: "percent", maximumFractionDigits: 1 }) : "—",
        })}
      </p>
    </div>
  );
}

function Incidents({ incidents }: { incidents: ReportData["incidents"] }) {
  const { t, dateTime } = useI18n();
  if (incidents.length === 0) return <EmptyState title={t("reports.incidents.empty")} />;
  return (
    <ul className="divide-y divide-slate-100">
      {incidents.map((i) => (
        <li key={i.id} className="space-y-1 px-4 py-3">
          <div className="flex flex-wrap items-center gap-2">
            <Link href={`/incidents/${i.id}`} className="font-medium text-indigo-700 hover:underline">
              #{i.id} {i.title}
            </Link>
            <Badge tone={i.severity === "critical" ? "red" : "amber"}>{i.severity}</Badge>
            <span className="text-xs text-slate-500">
              {t("reports.incidents.opened", { at: dateTime(i.openedAt) })} · {i.resolvedAt ? t("reports.incidents.resolved", { at: dateTime(i.resolvedAt) }) : t("reports.incidents.open")}
            </span>
            <Link href={`/reviews/${i.id}`} className="text-xs text-indigo-700 hover:underline print:hidden">
              {t("reports.incidents.review")}
            </Link>
          </div>
          {i.actionItems.length === 0 ? (
            <p className="text-sm text-slate-500">{t("reports.incidents.noItems")}</p>
          ) : (
            <ul className="ml-4 list-disc text-sm text-slate-700">
              {i.actionItems.map((a) => (
                <li key={a.id}>
                  <span className={a.status === "done" ? "text-slate-500 line-through" : ""}>{a.title}</span>{" "}
                  <span className="text-xs text-slate-500">
                    · {t("reports.incidents.owner")}: {a.ownerName ?? "—"} · {t("reports.incidents.due")}: {a.dueOn ?? "—"} ·{" "}
                  </span>
                  <Badge tone={a.status === "done" ? "green" : a.overdue ? "red" : "gray"}>{t(`reports.incidents.status.${a.status === "done" ? "done" : "open"}`)}</Badge>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

/** /reports/[id]: the stored snapshot, printable (the browser's print gives a clean report). */
export function ReportView({ id, canManage }: { id: number; canManage: boolean }) {
  const { t, dateTime } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const report = useQuery(trpc.report.get.queryOptions({ id }));
  const regenerate = useMutation(
    trpc.report.generate.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("reports.generate.done") });
        await queryClient.invalidateQueries(trpc.report.pathFilter());
      },
      onError: (e) => toast({ tone: "error", text: t("reports.generate.failed", { error: e.message }) }),
    }),
  );
  if (report.isPending) return <LoadingState rows={8} />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const r = report.data;
  const by = r.generatedBy === "system:schedule" ? t("reports.generate.system") : r.generatedBy;
  return (
    <article className="space-y-6 print:space-y-4">
      <Link href="/reports" className="text-sm text-indigo-700 hover:underline print:hidden">
        ← {t("reports.report.back")}
      </Link>
      <PageHeader
        title={`${t(`reports.kind.${r.kind}`)} · ${t("reports.period", { start: r.periodStart, end: lastDay(r.periodEnd) })}`}
        subtitle={`${t("reports.report.generatedBy", { at: dateTime(r.generatedAt), by })} — ${t("reports.report.snapshot")}`}
        actions={
          <div className="flex gap-2 print:hidden">
            {canManage && (
              <Button title={t("reports.generate.regenerateHint")} disabled={regenerate.isPending} onClick={() => regenerate.mutate({ kind: r.kind, periodStart: r.periodStart })}>
                {t("reports.generate.regenerate")}
              </Button>
            )}
            <Button variant="primary" onClick={() => window.print()}>
              {t("reports.report.print")}
            </Button>
          </div>
        }
      />
      <Card title={t("reports.table.kpi")} className="break-inside-avoid">
        <KpiTable data={r.data} />
      </Card>
      <Card title={t("reports.report.daily")} className="break-inside-avoid">
        <DailyCharts daily={r.data.daily} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2 print:grid-cols-1">
        <Card title={t("reports.topics.title")} className="break-inside-avoid">
          <Topics topics={r.data.topics} />
        </Card>
        <Card title={t("reports.manual.title")} className="break-inside-avoid">
          <Manual manual={r.data.manual} />
        </Card>
      </div>
      <Card title={t("reports.incidents.title")} className="break-inside-avoid">
        <Incidents incidents={r.data.incidents} />
      </Card>
      <Card title={t("reports.suggest.title")} className="break-inside-avoid">
        <SuggestionList items={r.suggestions} reportId={r.id} />
      </Card>
      <Card title={t("reports.deliveries.title")} className="print:hidden">
        {r.deliveries.length === 0 ? (
          <EmptyState title={t("reports.deliveries.empty")} />
        ) : (
          <table className="m-3 w-[calc(100%-1.5rem)] text-sm">
            <thead>
              <tr className="border-b border-slate-100">
                <th className={th}>{t("reports.deliveries.to")}</th>
                <th className={th}>{t("reports.list.kind")}</th>
                <th className={th}>{t("reports.deliveries.at")}</th>
                <th className={th}>{t("reports.deliveries.error")}</th>
              </tr>
            </thead>
            <tbody>
              {r.deliveries.map((d) => (
                <tr key={d.id} className="border-b border-slate-50">
                  <td className={td}>{d.email}</td>
                  <td className={td}>
                    <Badge tone={d.status === "sent" ? "green" : d.status === "failed" ? "red" : "gray"}>{t(`reports.deliveries.status.${d.status as "sent" | "failed" | "skipped"}`)}</Badge>
                  </td>
                  <td className={`${td} tabular-nums`}>{dateTime(d.sentAt ?? d.createdAt)}</td>
                  <td className={`${td} text-slate-500`}>{d.error ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </article>
  );
}
