"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { timeColumn } from "@/components/data-table/time-column";
import type { useI18n } from "@/components/i18n/i18n-provider";
import { AcknowledgeButton } from "./acknowledge-button";
import { AlertMarkers, AlertStatusBadge, SeverityBadge, type useAlertLabels } from "./alert-badges";
import { ImpactShort } from "./impact";
import type { AlertRow } from "./types";

type I18n = ReturnType<typeof useI18n>;
type Labels = ReturnType<typeof useAlertLabels>;

function alertCell(a: AlertRow, labels: Labels, t: I18n["t"]) {
  return (
    <div className="flex flex-col">
      <Link href={`/alerts/${a.id}`} className="font-medium text-indigo-700 hover:underline">
        {labels.rule(a.ruleKey)}
      </Link>
      <span className="text-xs text-slate-500">
        #{a.id} · {t(`alerts.metric.${a.metric}`)}
      </span>
    </div>
  );
}

/**
 * The columns of an alert list (the alerts page, an incident's alerts). "Firing since" is when it started
 * firing (discovery), or its onset while still pending; times in the business time zone.
 */
export function alertColumns(i18n: I18n, labels: Labels, opts: { canAcknowledge: boolean }): ColumnDef<AlertRow>[] {
  const { t, dateTime, zoneLabel } = i18n;
  const cols: ColumnDef<AlertRow>[] = [
    { id: "alert", header: t("alerts.list.col.alert"), meta: { className: "whitespace-normal" }, cell: ({ row }) => alertCell(row.original, labels, t) },
    { id: "severity", header: t("alerts.list.col.severity"), cell: ({ row }) => <SeverityBadge severity={row.original.severity} /> },
    { id: "status", header: t("alerts.list.col.status"), cell: ({ row }) => <AlertStatusBadge status={row.original.status} /> },
    { id: "scope", header: t("alerts.list.col.scope"), cell: ({ row }) => labels.scope(row.original.provider) },
    timeColumn<AlertRow>({ id: "since", label: t("alerts.list.col.firingSince"), zoneLabel, dateTime, at: (a) => a.firedAt ?? a.onsetAt }),
    { id: "impact", header: t("alerts.list.col.impact"), cell: ({ row }) => <ImpactShort impact={row.original.impact} /> },
    {
      id: "markers",
      header: t("alerts.list.col.markers"),
      cell: ({ row }) => <AlertMarkers silenced={row.original.silenced} inhibitedBy={row.original.inhibitedBy} />,
    },
  ];
  if (opts.canAcknowledge) {
    cols.push({
      id: "ack",
      header: () => <span className="sr-only">{t("alerts.list.acknowledge")}</span>,
      meta: { className: "text-right" },
      cell: ({ row }) => (row.original.status === "firing" ? <AcknowledgeButton id={row.original.id} size="sm" variant="secondary" /> : null),
    });
  }
  return cols;
}
