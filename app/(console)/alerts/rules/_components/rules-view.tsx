"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { fieldUnit, toDisplay } from "@/components/alerts/rules/rule-form";
import { RuleEditor, type RuleView } from "@/components/alerts/rules/rule-editor";
import { DataTable } from "@/components/data-table/data-table";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toast";
import { Tooltip } from "@/components/ui/tooltip";
import type { AlertSeverity } from "@/lib/alerts";
import { RULE_LIST_INPUT, type RulesTab } from "./rules-input";
import { SilencesPanel } from "./silences-panel";

type I18n = ReturnType<typeof useI18n>;

export const SEVERITY_TONE: Record<AlertSeverity, Tone> = { critical: "red", warning: "amber", info: "blue" };

/** A shipped rule has a written name; a rule someone added by hand shows its key. */
function useRuleName() {
  const t = useTranslations("alerts");
  return useCallback((key: string) => (t.has(`rule.${key}` as "rule.success-rate-low") ? t(`rule.${key}` as "rule.success-rate-low") : key), [t]);
}

function conditionText({ t }: I18n, r: RuleView): string {
  const direction = t(`alertRules.direction.${r.direction}`);
  const num = (field: "threshold" | "change") => {
    const v = r.params[field];
    if (typeof v !== "number") return "—";
    const unit = fieldUnit(field, r.metric);
    const shown = toDisplay(unit, v);
    if (unit === "percent") return `${shown}%`;
    if (unit === "yuan") return `¥${shown}`;
    if (unit === "seconds") return `${shown} ${t("alertRules.unit.seconds")}`;
    return String(shown);
  };
  return r.kind === "threshold" ? t("alertRules.condition.threshold", { direction, value: num("threshold") }) : t("alertRules.condition.relative", { direction, change: num("change") });
}

const minutesOf = (r: RuleView, field: string) => (typeof r.params[field] === "number" ? (r.params[field] as number) : null);

function EnabledSwitch({ rule, name }: { rule: RuleView; name: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.alert.ruleUpdate.mutationOptions());
  const toggle = () =>
    update.mutate(
      { key: rule.key, enabled: !rule.enabled, severity: rule.severity, direction: rule.direction, kind: rule.kind, params: rule.params, scopes: rule.scopes, inhibitsProvider: rule.inhibitsProvider },
      {
        onSuccess: (r) => {
          void queryClient.invalidateQueries({ queryKey: trpc.alert.ruleList.queryKey() }).then(() => {
            toast({ tone: "success", text: t(r.enabled ? "alertRules.enabledOn" : "alertRules.enabledOff", { rule: name }) });
          });
        },
        onError: (e) => toast({ tone: "error", text: t("alertRules.toggleFailed", { message: e.message }) }),
      },
    );
  return (
    <button
      type="button"
      role="switch"
      aria-checked={rule.enabled}
      aria-label={t("alertRules.enable", { rule: name })}
      disabled={update.isPending}
      onClick={toggle}
      className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60 ${rule.enabled ? "bg-indigo-600" : "bg-slate-300"}`}
    >
      <span className={`inline-block h-4 w-4 rounded-full bg-white shadow transition-transform ${rule.enabled ? "translate-x-4.5" : "translate-x-0.5"}`} />
    </button>
  );
}

function VersionMarker({ rule }: { rule: RuleView }) {
  const { t, dateTime } = useI18n();
  if (rule.isDefault) return <Badge>{t("alertRules.marker.default")}</Badge>;
  return (
    <Tooltip content={t("alertRules.marker.editedBy", { by: rule.updatedBy ?? "—", at: dateTime(rule.updatedAt) })}>
      <span tabIndex={0} className="rounded-md focus-visible:outline-2 focus-visible:outline-indigo-600">
        <Badge tone="violet">{t("alertRules.marker.edited")}</Badge>
      </span>
    </Tooltip>
  );
}

function ruleColumns(i18n: I18n, ruleName: (key: string) => string, onEdit: (rule: RuleView) => void): ColumnDef<RuleView>[] {
  const { t } = i18n;
  const mins = (n: number | null) => (n === null ? "—" : t("alertRules.minutes", { n }));
  return [
    {
      id: "rule",
      header: t("alertRules.col.rule"),
      cell: ({ row }) => (
        <div>
          <div className="font-medium text-slate-900">{ruleName(row.original.key)}</div>
          <div className="font-mono text-xs text-slate-500">{row.original.key}</div>
        </div>
      ),
    },
    { id: "metric", header: t("alertRules.col.metric"), cell: ({ row }) => t(`alerts.metric.${row.original.metric}`) },
    { id: "kind", header: t("alertRules.col.kind"), meta: { className: "text-xs text-slate-600" }, cell: ({ row }) => t(`alertRules.kind.${row.original.kind}`) },
    { id: "condition", header: t("alertRules.col.condition"), meta: { className: "tabular-nums" }, cell: ({ row }) => conditionText(i18n, row.original) },
    { id: "window", header: t("alertRules.col.window"), meta: { className: "tabular-nums" }, cell: ({ row }) => mins(minutesOf(row.original, "windowMinutes")) },
    {
      id: "minVolume",
      header: t("alertRules.col.minVolume"),
      meta: { headerClassName: "text-right", className: "text-right tabular-nums" },
      cell: ({ row }) => minutesOf(row.original, "minVolume") ?? 0,
    },
    { id: "pending", header: t("alertRules.col.pending"), meta: { className: "tabular-nums" }, cell: ({ row }) => mins(minutesOf(row.original, "pendingMinutes") ?? 1) },
    { id: "severity", header: t("alertRules.col.severity"), cell: ({ row }) => <Badge tone={SEVERITY_TONE[row.original.severity]}>{t(`alerts.severity.${row.original.severity}`)}</Badge> },
    { id: "enabled", header: t("alertRules.col.enabled"), cell: ({ row }) => <EnabledSwitch rule={row.original} name={ruleName(row.original.key)} /> },
    { id: "state", header: t("alertRules.col.state"), cell: ({ row }) => <VersionMarker rule={row.original} /> },
    {
      id: "edit",
      header: () => <span className="sr-only">{t("alertRules.edit")}</span>,
      meta: { className: "text-right" },
      cell: ({ row }) => (
        <Button size="sm" aria-label={`${t("alertRules.edit")} ${ruleName(row.original.key)}`} onClick={() => onEdit(row.original)}>
          {t("alertRules.edit")}
        </Button>
      ),
    },
  ];
}

export function RulesView({ initialTab, prefill }: { initialTab: RulesTab; prefill?: { rule: string; params: Record<string, number> } }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const router = useRouter();
  const ruleName = useRuleName();
  const [tab, setTab] = useState<RulesTab>(initialTab);
  // A report suggestion opens the rule pre-filled (/alerts/rules?rule=<key>&threshold=<v>).
  const [editing, setEditing] = useState<string | null>(prefill?.rule ?? null);
  const list = useQuery(trpc.alert.ruleList.queryOptions(RULE_LIST_INPUT));
  const columns = useMemo(() => ruleColumns(i18n, ruleName, (r) => setEditing(r.key)), [i18n, ruleName]);
  const editingRule = list.data?.find((r) => r.key === editing);

  const changeTab = (next: string) => {
    setTab(next as RulesTab);
    router.replace(next === "silences" ? "/alerts/rules?tab=silences" : "/alerts/rules", { scroll: false });
  };

  return (
    <>
      <PageHeader title={t("alertRules.title")} subtitle={t("alertRules.subtitle")} />
      <Tabs value={tab} onValueChange={changeTab}>
        <Card>
          <TabsList aria-label={t("alertRules.title")} className="border-b border-slate-100 px-3">
            <TabsTrigger value="rules">{t("alertRules.tab.rules")}</TabsTrigger>
            <TabsTrigger value="silences">{t("alertRules.tab.silences")}</TabsTrigger>
          </TabsList>
          <TabsContent value="rules">
            <DataTable label={t("alertRules.tab.rules")} query={list} rows={list.data} columns={columns} getRowId={(r) => r.key} empty={{ title: t("alertRules.empty") }} />
          </TabsContent>
          <TabsContent value="silences">
            <SilencesPanel rules={list.data ?? []} ruleName={ruleName} />
          </TabsContent>
        </Card>
      </Tabs>
      {editingRule && <RuleEditor key={`${editingRule.key}|${String(editingRule.updatedAt)}`} rule={editingRule} ruleName={ruleName(editingRule.key)} prefill={editingRule.key === prefill?.rule ? prefill.params : undefined} onClose={() => setEditing(null)} />}
    </>
  );
}
