"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useMemo, useState, type FormEvent } from "react";
import { alertColumns } from "@/components/alerts/alert-columns";
import { SeverityBadge, useAlertLabels } from "@/components/alerts/alert-badges";
import { ALERTS_REFRESH_MS } from "@/components/alerts/alerts-input";
import { DataTable } from "@/components/data-table/data-table";
import { useI18n } from "@/components/i18n/i18n-provider";
import { IncidentStatusBadge } from "@/components/incidents/incident-status-badge";
import { useIncidentTitle } from "@/components/incidents/incident-title";
import { actorLabel, IncidentTimeline } from "@/components/incidents/incident-timeline";
import { ResolveIncidentDialog } from "@/components/incidents/resolve-incident-dialog";
import type { IncidentDetail } from "@/components/incidents/types";
import { OrderStatusBadge } from "@/components/orders/order-status-badge";
import { useTRPC } from "@/components/providers/trpc";
import { IncidentStatusNotice } from "@/components/status/incident-status-notice";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";

export function IncidentDetailView({
  id,
  me,
  canManage,
  canAcknowledge,
  canPublish = false,
}: {
  id: number;
  /** The signed-in user's e-mail: the commander does not get "take command". */
  me: string;
  canManage: boolean;
  canAcknowledge: boolean;
  canPublish?: boolean;
}) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const labels = useAlertLabels();
  const title = useIncidentTitle();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery({ ...trpc.incident.get.queryOptions({ id }), refetchInterval: ALERTS_REFRESH_MS });
  const columns = useMemo(() => alertColumns(i18n, labels, { canAcknowledge }), [i18n, labels, canAcknowledge]);
  const refresh = () => queryClient.invalidateQueries(trpc.incident.pathFilter());
  const command = useMutation(
    trpc.incident.setCommander.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("incidents.detail.commandTaken") });
        await refresh();
      },
      onError: (e) => toast({ tone: "error", text: t("incidents.detail.failed", { message: e.message }) }),
    }),
  );
  const back = (
    <Link href="/incidents" className="text-xs text-slate-500 hover:text-slate-800">
      ← {t("nav.incidents")}
    </Link>
  );
  if (q.isPending) return <>{back}<LoadingState /></>;
  if (q.isError) return <>{back}<ErrorState error={q.error} onRetry={() => void q.refetch()} /></>;
  const { incident, alerts, timeline, affected } = q.data;
  const open = incident.status === "open";
  const openAlerts = alerts.filter((a) => a.status !== "resolved").length;
  return (
    <>
      {back}
      <div className="mt-1 mb-4 flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-lg font-semibold tracking-tight">
              {title(incident.title)} <span className="font-normal text-slate-500">· {t("incidents.detail.title", { id: incident.id })}</span>
            </h1>
            <SeverityBadge severity={incident.severity} />
            <IncidentStatusBadge status={incident.status} />
          </div>
          <p className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-600">
            <span>{t("incidents.detail.opened", { at: `${dateTime(incident.openedAt)} (${i18n.zoneLabel})` })}</span>
            {incident.resolvedAt && <span>{t("incidents.detail.resolvedAt", { at: dateTime(incident.resolvedAt) })}</span>}
            <span>{t("incidents.detail.openedBy", { who: actorLabel(incident.openedBy, t("incidents.timeline.system")) })}</span>
            {incident.provider && <span>{labels.scope(incident.provider)}</span>}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <div className="text-sm">
            <span className="text-xs text-slate-500">{t("incidents.detail.commander")}: </span>
            <span className="font-medium text-slate-900">{incident.commander ?? t("incidents.detail.noCommander")}</span>
          </div>
          {canManage && open && incident.commander !== me && (
            <Button disabled={command.isPending} onClick={() => command.mutate({ id, commander: "me" })}>
              {t("incidents.detail.takeCommand")}
            </Button>
          )}
          {canManage && open && <ResolveIncidentDialog id={id} openAlerts={openAlerts} />}
        </div>
      </div>
      <IncidentStatusNotice incident={incident} timeline={timeline} canPublish={canPublish} />
      {incident.summary && (
        <Card title={t("incidents.detail.summary")} className="mb-4">
          <p className="px-4 py-3 text-sm whitespace-pre-wrap text-slate-800">{incident.summary}</p>
        </Card>
      )}
      <Card title={t("incidents.detail.alerts")} className="mb-4">
        <DataTable label={t("incidents.detail.alerts")} query={q} rows={alerts} columns={columns} getRowId={(a) => String(a.id)} empty={{ title: t("incidents.detail.noAlerts") }} />
      </Card>
      <div className="grid gap-4 xl:grid-cols-[1fr_30rem]">
        <div className="min-w-0">
          <Affected affected={affected} />
        </div>
        <Card title={t("incidents.detail.timeline")} className="self-start">
          <IncidentTimeline items={timeline} />
          {canManage && open && <NoteForm id={id} />}
        </Card>
      </div>
    </>
  );
}

function Affected({ affected }: { affected: IncidentDetail["affected"] }) {
  const { t, money, dateTime, zoneLabel, format } = useI18n();
  return (
    <Card
      title={t("incidents.detail.affected")}
      actions={
        <span className="text-sm tabular-nums text-slate-700">
          {t("incidents.detail.affectedSummary", { orders: format.number(affected.orders), users: format.number(affected.users), amount: money(affected.amount.minor, affected.amount.currency) })}
        </span>
      }
    >
      {affected.sample.length === 0 ? (
        <EmptyState title={t("incidents.detail.noAffected")} />
      ) : (
        <Table label={t("incidents.detail.affectedSample", { n: affected.sample.length })}>
          <thead>
            <tr>
              <Th>{t("incidents.detail.col.orderNo")}</Th>
              <Th>{t("incidents.detail.col.status")}</Th>
              <Th className="text-right">{t("incidents.detail.col.amount")}</Th>
              <Th>{t("incidents.detail.col.user")}</Th>
              <Th>
                {t("incidents.detail.col.created")} <span className="font-normal">({zoneLabel})</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {affected.sample.map((o) => (
              <tr key={o.orderNo}>
                <Td>
                  <Link href={`/orders/${encodeURIComponent(o.orderNo)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                    {o.orderNo}
                  </Link>
                </Td>
                <Td>
                  <OrderStatusBadge status={o.status} />
                </Td>
                <Td className="text-right tabular-nums">{money(o.amount.minor, o.amount.currency)}</Td>
                <Td className="font-mono text-xs">{o.userRef}</Td>
                <Td className="tabular-nums">{dateTime(o.createdAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function NoteForm({ id }: { id: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fieldId = useId();
  const [text, setText] = useState("");
  const add = useMutation(
    trpc.incident.addNote.mutationOptions({
      onSuccess: async () => {
        setText("");
        toast({ tone: "success", text: t("incidents.detail.noteAdded") });
        await queryClient.invalidateQueries(trpc.incident.pathFilter());
      },
      onError: (e) => toast({ tone: "error", text: t("incidents.detail.failed", { message: e.message }) }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) add.mutate({ id, text: text.trim() });
  };
  return (
    <form onSubmit={submit} className="border-t border-slate-100 p-4">
      <label htmlFor={fieldId} className="block text-xs font-medium text-slate-600">
        {t("incidents.detail.noteLabel")}
      </label>
      <textarea
        id={fieldId}
        value={text}
        maxLength={2000}
        rows={3}
        placeholder={t("incidents.detail.notePlaceholder")}
        onChange={(e) => setText(e.target.value)}
        className="mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
      />
      <div className="mt-2 flex justify-end">
        <Button type="submit" disabled={!text.trim() || add.isPending}>
          {t("incidents.detail.addNote")}
        </Button>
      </div>
    </form>
  );
}
