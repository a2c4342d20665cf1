"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { AcknowledgeButton } from "@/components/alerts/acknowledge-button";
import { AlertMarkers, AlertStatusBadge, SeverityBadge, useAlertLabels } from "@/components/alerts/alert-badges";
import { ALERTS_REFRESH_MS } from "@/components/alerts/alerts-input";
import { MetricChart } from "@/components/alerts/metric-chart";
import { formatMetricValue } from "@/components/alerts/metric-value";
import type { AlertDetail, AlertImpactView } from "@/components/alerts/types";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { ALERT_CHANNELS, type AlertChannel } from "@/lib/alerts";
import type { MessageKey } from "@/lib/i18n/messages";

type I18n = ReturnType<typeof useI18n>;

export function AlertDetailView({ id, canAcknowledge, canOpenIncident }: { id: number; canAcknowledge: boolean; canOpenIncident: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const labels = useAlertLabels();
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.alert.get.queryOptions({ id }), refetchInterval: ALERTS_REFRESH_MS });
  const back = (
    <Link href="/alerts" className="text-xs text-slate-500 hover:text-slate-800">
      ← {t("nav.alerts")}
    </Link>
  );
  if (q.isPending) return <>{back}<LoadingState /></>;
  if (q.isError) return <>{back}<ErrorState error={q.error} onRetry={() => void q.refetch()} /></>;
  const { alert, rule, series, notifications, deliveries, incidentId } = q.data;
  const metricName = t(`alerts.metric.${alert.metric}`);
  return (
    <>
      {back}
      <div className="mt-1 mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-lg font-semibold tracking-tight">
            {labels.rule(alert.ruleKey)} <span className="font-normal text-slate-500">· {t("alerts.detail.title", { id: alert.id })}</span>
          </h1>
          <SeverityBadge severity={alert.severity} />
          <AlertStatusBadge status={alert.status} />
          <AlertMarkers silenced={alert.silenced} inhibitedBy={alert.inhibitedBy} />
        </div>
        <div className="flex gap-2">
          {incidentId !== null ? (
            <Link
              href={`/incidents/${incidentId}`}
              className="inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset hover:bg-indigo-50"
            >
              {t("alerts.detail.viewIncident", { id: incidentId })}
            </Link>
          ) : (
            canOpenIncident && <OpenIncidentButton alertId={alert.id} />
          )}
          {canAcknowledge && alert.status === "firing" && <AcknowledgeButton id={alert.id} />}
        </div>
      </div>
      <div className="grid gap-4 xl:grid-cols-[26rem_1fr]">
        <Card title={t("alerts.detail.whatIsWrong")} className="self-start">
          <p className="px-4 pt-3 text-sm text-slate-800">{summary(i18n, alert, labels.scope(alert.provider), metricName)}</p>
          <dl className="mt-2 divide-y divide-slate-100 text-sm">
            <Field label={t("alerts.detail.field.anomaly")}>
              {rule ? t(`alerts.detail.anomaly.${rule.kind}_${rule.direction}` as MessageKey) : "—"}
              <span className="ml-1 text-xs text-slate-500">({metricName})</span>
            </Field>
            <Field label={t("alerts.detail.field.scope")}>{labels.scope(alert.provider)}</Field>
            <Field label={`${t("alerts.detail.field.onset")} (${i18n.zoneLabel})`}>
              <Time at={alert.onsetAt} />
            </Field>
            <Field label={`${t("alerts.detail.field.discovered")} (${i18n.zoneLabel})`}>
              <Time at={alert.firedAt} />
            </Field>
            {alert.acknowledgedAt && (
              <Field label={t("alerts.detail.field.acknowledged")}>
                {t("alerts.detail.ackBy", { who: alert.acknowledgedBy ?? "—", at: i18n.dateTime(alert.acknowledgedAt) })}
              </Field>
            )}
            {alert.resolvedAt && (
              <Field label={`${t("alerts.detail.field.resolved")} (${i18n.zoneLabel})`}>
                <Time at={alert.resolvedAt} />
              </Field>
            )}
            <Field label={t("alerts.detail.field.impactSoFar")}>
              <ImpactLine i18n={i18n} impact={alert.impact} perMinute={false} />
            </Field>
            <Field label={t("alerts.detail.field.impactPerMinute")}>
              <ImpactLine i18n={i18n} impact={alert.impact} perMinute />
            </Field>
          </dl>
        </Card>
        <Card title={t("alerts.detail.chart.title", { metric: metricName })}>
          <MetricChart
            metric={alert.metric}
            series={series}
            onsetAt={alert.onsetAt}
            endAt={alert.resolvedAt}
            title={t("alerts.detail.chart.title", { metric: metricName })}
          />
        </Card>
      </div>
      <Card title={t("alerts.detail.firstActions")} className="mt-4">
        {alert.actionKeys.length === 0 ? (
          <EmptyState title={t("alerts.detail.noActions")} />
        ) : (
          <ol className="list-decimal space-y-1.5 py-3 pr-4 pl-9 text-sm text-slate-800">
            {alert.actionKeys.map((k) => (
              <li key={k}>{t(`alerts.actions.${k}` as MessageKey)}</li>
            ))}
          </ol>
        )}
      </Card>
      <div className="mt-4 grid gap-4 xl:grid-cols-2">
        <Notifications items={notifications} />
        <Deliveries items={deliveries} />
      </div>
    </>
  );
}

function summary(i18n: I18n, alert: AlertDetail["alert"], scope: string, metric: string): string {
  const { t, money, format } = i18n;
  const fmt = (v: number | null | undefined) => formatMetricValue(alert.metric, v, { t, money, number: (n, o) => format.number(n, o as never) });
  const last = alert.lastValue;
  if (!last) return t("alerts.detail.summary.noValue", { scope, metric });
  const volume = format.number(last.volume);
  if (last.baseline) return t("alerts.detail.summary.withBaseline", { scope, metric, value: fmt(last.value), baseline: fmt(last.baseline.value), volume });
  return t("alerts.detail.summary.noBaseline", { scope, metric, value: fmt(last.value), volume });
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 px-4 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </div>
  );
}

function Time({ at }: { at: Date | null }) {
  const { dateTime } = useI18n();
  if (!at) return <>—</>;
  return (
    <time dateTime={new Date(at).toISOString()} className="tabular-nums">
      {dateTime(at)}
    </time>
  );
}

function ImpactLine({ i18n, impact, perMinute }: { i18n: I18n; impact: AlertImpactView | null; perMinute: boolean }) {
  const { t, money, format } = i18n;
  if (!impact) return <span className="text-slate-500">{t("alerts.detail.noImpact")}</span>;
  const v = perMinute ? impact.perMinute : impact;
  const n = (x: number) => format.number(x, { maximumFractionDigits: 1 });
  return (
    <span className="tabular-nums">
      {t("alerts.detail.impactValue", { orders: n(v.orders), users: n(v.users), amount: money(v.amount.minor, v.amount.currency) })}
      {!perMinute && <span className="ml-1 text-xs text-slate-500">{t("alerts.detail.impactSince", { minutes: impact.sinceMinutes })}</span>}
    </span>
  );
}

function OpenIncidentButton({ alertId }: { alertId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const open = useMutation(
    trpc.incident.open.mutationOptions({
      onSuccess: async ({ id }) => {
        await Promise.all([queryClient.invalidateQueries(trpc.alert.pathFilter()), queryClient.invalidateQueries(trpc.incident.pathFilter())]);
        router.push(`/incidents/${id}`);
      },
      onError: (e) => toast({ tone: "error", text: t("alerts.detail.incidentFailed", { message: e.message }) }),
    }),
  );
  return (
    <Button disabled={open.isPending} onClick={() => open.mutate({ alertId })}>
      {t("alerts.detail.openIncident")}
    </Button>
  );
}

const CHANNELS: readonly string[] = ALERT_CHANNELS;

const NOTIF_TONE = { pending: "gray", ready: "blue", sent: "green", failed: "red", cancelled: "gray", suppressed: "amber" } as const;
const DELIVERY_TONE = { pending: "gray", sent: "green", failed: "red", retrying: "amber", rate_limited: "amber" } as const;

function Notifications({ items }: { items: AlertDetail["notifications"] }) {
  const { t, dateTime, zoneLabel } = useI18n();
  return (
    <Card title={t("alerts.detail.notifications.title")}>
      {items.length === 0 ? (
        <EmptyState title={t("alerts.detail.notifications.empty")} />
      ) : (
        <Table label={t("alerts.detail.notifications.title")}>
          <thead>
            <tr>
              <Th>{t("alerts.detail.notifications.col.event")}</Th>
              <Th>{t("alerts.detail.notifications.col.status")}</Th>
              <Th>
                {t("alerts.detail.notifications.col.notBefore")} <span className="font-normal">({zoneLabel})</span>
              </Th>
              <Th>
                {t("alerts.detail.notifications.col.sentAt")} <span className="font-normal">({zoneLabel})</span>
              </Th>
              <Th>{t("alerts.detail.notifications.col.reason")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((n) => (
              <tr key={n.id}>
                <Td>{t(`alerts.detail.notifications.event.${n.event}`)}</Td>
                <Td>
                  <Badge tone={NOTIF_TONE[n.status]}>{t(`alerts.detail.notifications.status.${n.status}`)}</Badge>
                </Td>
                <Td className="tabular-nums">{dateTime(n.notBefore)}</Td>
                <Td className="tabular-nums">{dateTime(n.sentAt)}</Td>
                <Td className="font-mono text-xs text-slate-600">{n.suppressedReason ?? ""}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function Deliveries({ items }: { items: AlertDetail["deliveries"] }) {
  const { t, dateTime, zoneLabel } = useI18n();
  return (
    <Card title={t("alerts.detail.deliveries.title")}>
      {items.length === 0 ? (
        <EmptyState title={t("alerts.detail.deliveries.empty")} />
      ) : (
        <Table label={t("alerts.detail.deliveries.title")}>
          <thead>
            <tr>
              <Th>{t("alerts.detail.deliveries.col.channel")}</Th>
              <Th>{t("alerts.detail.deliveries.col.target")}</Th>
              <Th>{t("alerts.detail.deliveries.col.status")}</Th>
              <Th className="text-right">{t("alerts.detail.deliveries.col.attempts")}</Th>
              <Th>{t("alerts.detail.deliveries.col.lastError")}</Th>
              <Th>
                {t("alerts.detail.deliveries.col.sentAt")} <span className="font-normal">({zoneLabel})</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((d) => (
              <tr key={d.id}>
                <Td>{CHANNELS.includes(d.channel) ? t(`alerts.detail.deliveries.channel.${d.channel as AlertChannel}`) : d.channel}</Td>
                <Td className="font-mono text-xs">{d.target}</Td>
                <Td>
                  <Badge tone={DELIVERY_TONE[d.status]}>{t(`alerts.detail.deliveries.status.${d.status}`)}</Badge>
                </Td>
                <Td className="text-right tabular-nums">{d.attempts}</Td>
                <Td className="max-w-xs truncate text-xs text-rose-700">{d.lastError ?? ""}</Td>
                <Td className="tabular-nums">{dateTime(d.sentAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
