"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPaging } from "@/components/data-table/use-keyset-paging";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Card, PageHeader } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { ALERT_SEVERITIES, type AlertSeverity } from "@/lib/alerts";
import { PROVIDERS } from "@/lib/enums";
import { alertColumns } from "./alert-columns";
import { useAlertLabels } from "./alert-badges";
import { ALERT_TABS, ALERTS_REFRESH_MS, alertSeverity, alertsInput, alertTab, type AlertTab } from "./alerts-input";

const SELECT = "my-2 rounded-md border-0 py-1.5 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset";

/** /alerts: open, resolved or all alerts, filtered by provider and severity, refreshed every 15 s. */
export function AlertsView({
  canAcknowledge,
  initial,
}: {
  canAcknowledge: boolean;
  initial: { status?: string; provider?: string; severity?: string };
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const labels = useAlertLabels();
  const trpc = useTRPC();
  const router = useRouter();
  const [status, setStatus] = useState<AlertTab>(alertTab(initial.status));
  const [provider, setProvider] = useState(initial.provider ?? "");
  const [severity, setSeverity] = useState<AlertSeverity | "">(alertSeverity(initial.severity) ?? "");
  const paging = useKeysetPaging(`${status}|${provider}|${severity}`);

  const list = useQuery({
    ...trpc.alert.list.queryOptions(alertsInput({ status, provider, severity: severity || undefined, cursor: paging.cursor })),
    placeholderData: keepPreviousData,
    refetchInterval: ALERTS_REFRESH_MS,
  });
  const counts = useQuery({ ...trpc.alert.counts.queryOptions(), refetchInterval: ALERTS_REFRESH_MS });
  const columns = useMemo(() => alertColumns(i18n, labels, { canAcknowledge }), [i18n, labels, canAcknowledge]);

  // The URL follows the filters, so a link to "critical alerts on Alipay" can be shared.
  const update = (next: { status?: AlertTab; provider?: string; severity?: AlertSeverity | "" }) => {
    const s = { status, provider, severity, ...next };
    setStatus(s.status);
    setProvider(s.provider);
    setSeverity(s.severity);
    const params = new URLSearchParams();
    if (s.status !== "open") params.set("status", s.status);
    if (s.provider) params.set("provider", s.provider);
    if (s.severity) params.set("severity", s.severity);
    router.replace(params.size ? `/alerts?${params}` : "/alerts", { scroll: false });
  };

  const openCount = counts.data ? counts.data.firing + counts.data.acknowledged + counts.data.pending : undefined;
  return (
    <>
      <PageHeader title={t("alerts.list.title")} subtitle={t("alerts.list.subtitle")} />
      <Card>
        <Tabs value={status} onValueChange={(v) => update({ status: alertTab(v) })}>
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-3">
            <TabsList aria-label={t("alerts.list.title")}>
              {ALERT_TABS.map((s) => (
                <TabsTrigger key={s} value={s}>
                  {t(`alerts.list.tab.${s}`)}
                  {s === "open" && openCount !== undefined && (
                    <span className={`ml-1.5 rounded-full px-1.5 text-xs tabular-nums ${counts.data!.firing > 0 ? "bg-rose-100 text-rose-700" : "bg-slate-100 text-slate-600"}`}>
                      {openCount}
                    </span>
                  )}
                </TabsTrigger>
              ))}
            </TabsList>
            <div className="flex gap-2">
              <select aria-label={t("alerts.list.filter.provider")} value={provider} onChange={(e) => update({ provider: e.target.value })} className={SELECT}>
                <option value="">
                  {t("alerts.list.filter.provider")}: {t("common.all")}
                </option>
                <option value="*">{t("alerts.scope.all")}</option>
                {PROVIDERS.map((p) => (
                  <option key={p} value={p}>
                    {t(`provider.${p}`)}
                  </option>
                ))}
              </select>
              <select
                aria-label={t("alerts.list.filter.severity")}
                value={severity}
                onChange={(e) => update({ severity: alertSeverity(e.target.value) ?? "" })}
                className={SELECT}
              >
                <option value="">
                  {t("alerts.list.filter.severity")}: {t("common.all")}
                </option>
                {ALERT_SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`alerts.severity.${s}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {ALERT_TABS.map((s) => (
            // Every panel stays in the DOM (hidden when inactive) so each tab's aria-controls names an element.
            <TabsContent key={s} value={s} forceMount>
              {s === status && (
                <DataTable
                  label={t(`alerts.list.tab.${s}`)}
                  query={list}
                  rows={list.isPlaceholderData ? undefined : list.data?.items}
                  columns={columns}
                  getRowId={(a) => String(a.id)}
                  empty={{ title: status === "open" && !provider && !severity ? t("alerts.list.empty.open") : t("alerts.list.empty.other") }}
                  paging={{ state: paging, nextCursor: list.isPlaceholderData ? null : list.data?.nextCursor }}
                  rowClassName={(a) => (a.status === "firing" && a.severity === "critical" ? "bg-rose-50/40" : undefined)}
                />
              )}
            </TabsContent>
          ))}
        </Tabs>
      </Card>
    </>
  );
}
