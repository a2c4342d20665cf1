"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo, useState } from "react";
import { CheckboxGroup, Field, inputClass } from "@/components/alerts/channels/form-field";
import { DataTable } from "@/components/data-table/data-table";
import { rowActionsColumn, useConfirmedAction, useRecordEditor } from "@/components/data-table/record-actions";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog, Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { ALERT_CHANNELS, ALERT_METRICS, ALERT_SEVERITIES, CONTACT_ROLES, type AlertChannel, type AlertMetric, type AlertSeverity, type ContactRole } from "@/lib/alerts";
import type { AppRouter } from "@/server/api/root";

type Route = inferRouterOutputs<AppRouter>["alertChannel"]["routeList"][number];
type I18n = ReturnType<typeof useI18n>;

function listOrAll({ t }: I18n, values: readonly string[], render: (v: string) => string): string {
  return values.length === 0 ? t("alertChannels.routes.any") : values.map(render).join(", ");
}

function routeColumns(i18n: I18n, onEdit: (r: Route) => void, onDelete: (r: Route) => void): ColumnDef<Route>[] {
  const { t } = i18n;
  return [
    { id: "name", header: t("alertChannels.routes.col.name"), meta: { className: "font-medium text-slate-900" }, cell: ({ row }) => row.original.name },
    { id: "severities", header: t("alertChannels.routes.col.severities"), meta: { className: "text-xs" }, cell: ({ row }) => listOrAll(i18n, row.original.severities, (s) => t(`alerts.severity.${s as AlertSeverity}`)) },
    { id: "metrics", header: t("alertChannels.routes.col.metrics"), meta: { className: "max-w-xs text-xs" }, cell: ({ row }) => listOrAll(i18n, row.original.metrics, (m) => t(`alerts.metric.${m as AlertMetric}`)) },
    { id: "roles", header: t("alertChannels.routes.col.roles"), meta: { className: "text-xs" }, cell: ({ row }) => row.original.roles.map((r) => t(`alertChannels.contacts.role.${r as ContactRole}`)).join(", ") },
    { id: "channels", header: t("alertChannels.routes.col.channels"), meta: { className: "text-xs" }, cell: ({ row }) => row.original.channels.map((c) => t(`alertChannels.channel.${c as AlertChannel}`)).join(", ") },
    { id: "enabled", header: t("alertChannels.routes.col.enabled"), cell: ({ row }) => <Badge tone={row.original.enabled ? "green" : "gray"}>{t(row.original.enabled ? "common.yes" : "common.no")}</Badge> },
    rowActionsColumn(t("alertChannels.routes.col.actions"), (r) => [
      { label: t("alertChannels.routes.edit"), ariaLabel: `${t("alertChannels.routes.edit")} ${r.name}`, onClick: () => onEdit(r) },
      { label: t("alertChannels.routes.delete"), ariaLabel: `${t("alertChannels.routes.delete")} ${r.name}`, onClick: () => onDelete(r), variant: "ghost" },
    ]),
  ];
}

export function RoutesPanel() {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.alertChannel.routeList.queryOptions({}));
  const remove = useMutation(trpc.alertChannel.routeDelete.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alertChannel.routeList.queryKey() });
  const editor = useRecordEditor<Route>({ refresh, savedText: t("alertChannels.routes.saved") });
  const deletion = useConfirmedAction<Route>({
    run: (r) => remove.mutateAsync({ id: r.id }),
    refresh,
    doneText: t("alertChannels.routes.deleted"),
    failedText: (message) => t("alertChannels.routes.failed", { message }),
  });
  const columns = useMemo(() => routeColumns(i18n, editor.open, deletion.ask), [i18n, editor.open, deletion.ask]);

  return (
    <Card
      title={t("alertChannels.routes.title")}
      actions={
        <Button size="sm" variant="primary" onClick={() => editor.open("new")}>
          {t("alertChannels.routes.new")}
        </Button>
      }
    >
      <DataTable label={t("alertChannels.routes.title")} query={list} rows={list.data} columns={columns} getRowId={(r) => String(r.id)} empty={{ title: t("alertChannels.routes.empty") }} />
      {editor.editing && <RouteDialog route={editor.record} onClose={editor.close} onSaved={editor.saved} />}
      <ConfirmDialog
        open={deletion.target !== null}
        title={t("alertChannels.routes.deleteTitle", { name: deletion.target?.name ?? "" })}
        busy={deletion.busy}
        confirmLabel={t("alertChannels.routes.delete")}
        onCancel={deletion.cancel}
        onConfirm={deletion.confirm}
      >
        {t("alertChannels.routes.deleteBody")}
      </ConfirmDialog>
    </Card>
  );
}

function RouteDialog({ route, onClose, onSaved }: { route: Route | null; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const save = useMutation(trpc.alertChannel.routeSave.mutationOptions());
  const [name, setName] = useState(route?.name ?? "");
  const [severities, setSeverities] = useState<AlertSeverity[]>((route?.severities as AlertSeverity[] | undefined) ?? []);
  const [metrics, setMetrics] = useState<AlertMetric[]>((route?.metrics as AlertMetric[] | undefined) ?? []);
  const [roles, setRoles] = useState<ContactRole[]>((route?.roles as ContactRole[] | undefined) ?? ["ops"]);
  const [channels, setChannels] = useState<AlertChannel[]>((route?.channels as AlertChannel[] | undefined) ?? []);
  const [enabled, setEnabled] = useState(route?.enabled ?? true);
  const [submitted, setSubmitted] = useState(false);

  const errors = {
    name: name.trim() === "" ? t("alertChannels.routes.error.name") : undefined,
    roles: roles.length === 0 ? t("alertChannels.routes.error.roles") : undefined,
    channels: channels.length === 0 ? t("alertChannels.routes.error.channels") : undefined,
  };
  const valid = Object.values(errors).every((e) => !e);
  const shown = (e: string | undefined) => (submitted ? e : undefined);

  const submit = () => {
    setSubmitted(true);
    if (!valid) return;
    save.mutate(
      { ...(route ? { id: route.id } : {}), name: name.trim(), severities, metrics, roles, channels, enabled },
      { onSuccess: () => void onSaved(), onError: (e) => toast({ tone: "error", text: t("alertChannels.routes.failed", { message: e.message }) }) },
    );
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-xl!">
        <DialogTitle>{t(route ? "alertChannels.routes.editTitle" : "alertChannels.routes.createTitle")}</DialogTitle>
        <DialogDescription>{t("alertChannels.routes.anyHint")}</DialogDescription>
        <form
          noValidate
          className="mt-4 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Field label={t("alertChannels.routes.col.name")} error={shown(errors.name)}>
            {(id, d) => <input id={id} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} aria-invalid={shown(errors.name) ? true : undefined} aria-describedby={d} className={inputClass} />}
          </Field>
          <CheckboxGroup label={t("alertChannels.routes.col.severities")} options={ALERT_SEVERITIES} value={severities} render={(s) => t(`alerts.severity.${s}`)} onChange={setSeverities} />
          <CheckboxGroup label={t("alertChannels.routes.col.metrics")} options={ALERT_METRICS} value={metrics} render={(m) => t(`alerts.metric.${m}`)} onChange={setMetrics} />
          <CheckboxGroup label={t("alertChannels.routes.col.roles")} options={CONTACT_ROLES} value={roles} render={(r) => t(`alertChannels.contacts.role.${r}`)} onChange={setRoles} error={shown(errors.roles)} />
          <CheckboxGroup label={t("alertChannels.routes.col.channels")} options={ALERT_CHANNELS} value={channels} render={(c) => t(`alertChannels.channel.${c}`)} onChange={setChannels} error={shown(errors.channels)} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            {t("alertChannels.routes.col.enabled")}
          </label>
          <DialogFooter>
            <Button onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" variant="primary" disabled={save.isPending}>
              {t("alertChannels.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
