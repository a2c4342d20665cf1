"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { PROVIDERS, type Provider } from "@/lib/enums";
import { minorToMajorString, parseMajorToMinor } from "@/lib/money";
import type { RepairRuleKey } from "@/lib/recon-rules";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
type Rule = Outputs["reconRules"]["list"][number];
type Preview = Outputs["reconRules"]["preview"][number];
type Mapping = Outputs["recon"]["mappings"][number];

const field = "rounded-md border-0 py-1.5 pl-2 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";
const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

/** The threshold a rule has, as major units of CNY text ("" = the rule has none, or uses RECON_WRITE_OFF_MAX). */
function thresholdOf(rule: Rule): string {
  if (rule.key === "refund_duplicate") return minorToMajorString((rule.params as { maxAutoRefundMinor: number }).maxAutoRefundMinor, "CNY");
  if (rule.key === "write_off") {
    const max = (rule.params as { maxMinor: number | null }).maxMinor;
    return max === null ? "" : minorToMajorString(max, "CNY");
  }
  return "";
}

function paramsFor(key: RepairRuleKey, threshold: string): Record<string, number | null> {
  if (key === "refund_duplicate") return { maxAutoRefundMinor: parseMajorToMinor(threshold || "0", "CNY") };
  if (key === "write_off") return { maxMinor: threshold === "" ? null : parseMajorToMinor(threshold, "CNY") };
  return {};
}

function PreviewLine({ p, draft = false }: { p: Preview | undefined; draft?: boolean }) {
  const { t, money } = useI18n();
  if (!p) return null;
  const amounts = p.amounts.map((a) => money(a.amountMinor, a.currency)).join(" + ") || money(0, "CNY");
  return (
    <p role="status" className={cx("rounded-md px-3 py-2 text-sm", p.items > 0 ? "bg-indigo-50 text-indigo-900" : "bg-slate-50 text-slate-600")}>
      {draft && <span className="mr-1 font-medium">{t("recon.rules.preview.unsaved")}</span>}
      {p.enabled ? t("recon.rules.preview.would", { count: p.items, amount: amounts }) : t("recon.rules.preview.disabled")}
    </p>
  );
}

function RuleCard({ rule, preview, canConfigure, onSaved, prefill }: { rule: Rule; preview: Preview | undefined; canConfigure: boolean; onSaved: () => void; prefill?: RulePrefill }) {
  const { t, dateTime } = useI18n();
  const trpc = useTRPC();
  // A report suggestion opens the rule with its proposal as unsaved edits (?rule=<key>&enabled=1 / &maxMinor=…).
  const [enabled, setEnabled] = useState(prefill?.enabled ?? rule.enabled);
  const [threshold, setThreshold] = useState(prefill?.limitMinor !== undefined ? minorToMajorString(prefill.limitMinor, "CNY") : thresholdOf(rule));
  const save = useMutation(
    trpc.reconRules.update.mutationOptions({
      onSuccess: () => {
        toast({ tone: "success", text: t("recon.rules.saved", { name: t(`recon.rules.name.${rule.key}`) }) });
        onSaved();
      },
      onError: (e) => toast({ tone: "error", text: t("recon.rules.failed", { message: e.message }) }),
    }),
  );
  const hasThreshold = rule.key !== "apply_payment";
  // Write-off may be left empty (RECON_WRITE_OFF_MAX); the auto-refund limit may not.
  const valid = !hasThreshold || (threshold === "" ? rule.key === "write_off" : AMOUNT.test(threshold));
  const dirty = enabled !== rule.enabled || threshold !== thresholdOf(rule);
  // The dry run of the unsaved change: what saving would make the rule do.
  const draftPreview = useQuery({
    ...trpc.reconRules.preview.queryOptions({ draft: { key: rule.key, enabled, params: valid ? paramsFor(rule.key, threshold) : undefined } }),
    enabled: dirty && valid,
    placeholderData: keepPreviousData,
  });
  const shown = dirty && valid ? draftPreview.data?.find((p) => p.key === rule.key) : preview;
  const id = `rule-${rule.key}`;
  return (
    <Card
      className={prefill ? "ring-2 ring-indigo-400" : undefined}
      title={
        <span className="flex items-center gap-2">
          {t(`recon.rules.name.${rule.key}`)}
          <Badge tone={rule.enabled ? "green" : "gray"}>{rule.enabled ? t("recon.rules.on") : t("recon.rules.off")}</Badge>
        </span>
      }
    >
      <div className="space-y-3 p-4">
        <p className="text-sm text-slate-600">{t(`recon.rules.describe.${rule.key}`)}</p>
        <div className="flex flex-wrap items-end gap-4">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" role="switch" aria-checked={enabled} checked={enabled} disabled={!canConfigure} onChange={(e) => setEnabled(e.target.checked)} className="size-4 rounded border-slate-300 text-indigo-600" />
            {t("recon.rules.enabled")}
          </label>
          {hasThreshold && (
            <label htmlFor={`${id}-threshold`} className="flex flex-col gap-1 text-xs text-slate-600">
              {t(`recon.rules.threshold.${rule.key as "refund_duplicate" | "write_off"}`)}
              <span className="flex items-center gap-1">
                <span className="text-slate-500">¥</span>
                <input
                  id={`${id}-threshold`}
                  inputMode="decimal"
                  size={10}
                  value={threshold}
                  disabled={!canConfigure}
                  placeholder={rule.key === "write_off" ? t("recon.rules.envDefault") : undefined}
                  aria-invalid={!valid || undefined}
                  onChange={(e) => setThreshold(e.target.value.trim())}
                  className={cx(field, !valid && "ring-rose-400")}
                />
              </span>
            </label>
          )}
          {canConfigure && (
            <Button variant="primary" disabled={!dirty || !valid || save.isPending} aria-busy={save.isPending || undefined} onClick={() => save.mutate({ key: rule.key, enabled, params: paramsFor(rule.key, threshold) } as never)}>
              {t("recon.rules.save")}
            </Button>
          )}
        </div>
        <PreviewLine p={shown} draft={dirty && valid} />
        <p className="text-xs text-slate-500">{t("recon.rules.updated", { who: rule.updatedBy ?? "—", at: dateTime(rule.updatedAt) })}</p>
      </div>
    </Card>
  );
}

const EMPTY_MAPPING = { name: "", provider: "sandbox" as Provider, delimiter: ",", encoding: "utf8" as "utf8" | "gbk", skipLines: "0", timeZone: "Asia/Shanghai", amountUnit: "major" as "major" | "minor", defaultCurrency: "CNY", providerTransactionId: "", orderNo: "", amount: "", currency: "", fee: "", occurredAt: "", kind: "", status: "", refundNo: "", refundValues: "" };
type Draft = typeof EMPTY_MAPPING;
const COLUMN_KEYS = ["providerTransactionId", "orderNo", "amount", "currency", "fee", "occurredAt", "kind", "status", "refundNo"] as const;

function draftOf(m: Mapping): Draft & { id: number } {
  const x = m.mapping as { delimiter?: string; encoding?: "utf8" | "gbk"; skipLines?: number; timeZone?: string; amountUnit?: "major" | "minor"; defaultCurrency?: string; refundValues?: string[]; columns: Record<string, string | undefined> };
  const cols = Object.fromEntries(COLUMN_KEYS.map((k) => [k, x.columns?.[k] ?? ""])) as Record<(typeof COLUMN_KEYS)[number], string>;
  return { ...EMPTY_MAPPING, ...cols, id: m.id, name: m.name, provider: m.provider, delimiter: x.delimiter ?? ",", encoding: x.encoding ?? "utf8", skipLines: String(x.skipLines ?? 0), timeZone: x.timeZone ?? "Asia/Shanghai", amountUnit: x.amountUnit ?? "major", defaultCurrency: x.defaultCurrency ?? "CNY", refundValues: (x.refundValues ?? []).join(",") };
}

function mappingOf(d: Draft) {
  const columns = Object.fromEntries(COLUMN_KEYS.filter((k) => d[k].trim() !== "").map((k) => [k, d[k].trim()]));
  return {
    delimiter: d.delimiter || ",",
    encoding: d.encoding,
    skipLines: Number(d.skipLines) || 0,
    timeZone: d.timeZone || "Asia/Shanghai",
    amountUnit: d.amountUnit,
    defaultCurrency: d.defaultCurrency || undefined,
    refundValues: d.refundValues.split(",").map((s) => s.trim()).filter(Boolean),
    columns: columns as { providerTransactionId: string; amount: string; occurredAt: string },
  };
}

function MappingEditor({ canConfigure }: { canConfigure: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.recon.mappings.queryOptions());
  const [draft, setDraft] = useState<(Draft & { id?: number }) | null>(null);
  const [deleting, setDeleting] = useState<Mapping | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.recon.mappings.queryFilter());
  const save = useMutation(
    trpc.recon.saveMapping.mutationOptions({
      onSuccess: () => {
        toast({ tone: "success", text: t("recon.mappings.saved") });
        setDraft(null);
        void refresh();
      },
      onError: (e) => toast({ tone: "error", text: t("recon.rules.failed", { message: e.message }) }),
    }),
  );
  const remove = useMutation(
    trpc.recon.deleteMapping.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void refresh();
      },
      onError: (e) => toast({ tone: "error", text: t("recon.rules.failed", { message: e.message }) }),
    }),
  );
  const set = (k: keyof Draft, v: string) => setDraft((d) => (d ? { ...d, [k]: v } : d));
  const complete = draft && draft.name.trim() && draft.providerTransactionId.trim() && draft.amount.trim() && draft.occurredAt.trim();
  return (
    <Card
      title={t("recon.mappings.title")}
      actions={
        canConfigure && !draft ? (
          <Button size="sm" onClick={() => setDraft({ ...EMPTY_MAPPING })}>
            {t("recon.mappings.new")}
          </Button>
        ) : null
      }
    >
      <div className="space-y-3 p-4">
        <p className="text-sm text-slate-600">{t("recon.mappings.hint")}</p>
        {list.isPending ? (
          <LoadingState rows={2} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState title={t("recon.mappings.empty")} />
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {list.data.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <span className="font-medium">{m.name}</span> <span className="text-slate-500">· {t(`provider.${m.provider}`)}</span>
                </span>
                {canConfigure && (
                  <span className="flex gap-2">
                    <Button size="sm" variant="ghost" onClick={() => setDraft(draftOf(m))}>
                      {t("recon.mappings.edit")}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setDeleting(m)}>
                      {t("recon.mappings.delete")}
                    </Button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {draft && (
          <form
            className="space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200"
            onSubmit={(e) => {
              e.preventDefault();
              if (complete) save.mutate({ id: draft.id, name: draft.name.trim(), provider: draft.provider, mapping: mappingOf(draft) } as never);
            }}
          >
            <div className="flex flex-wrap gap-3">
              <label className="flex flex-col gap-1 text-xs text-slate-600">
                {t("recon.mappings.name")}
                <input required value={draft.name} onChange={(e) => set("name", e.target.value)} className={field} />
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-600">
                {t("recon.provider")}
                <select value={draft.provider} onChange={(e) => set("provider", e.target.value)} className={cx(field, "pr-8")}>
                  {PROVIDERS.map((p) => (
                    <option key={p} value={p}>{t(`provider.${p}`)}</option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-600">
                {t("recon.mappings.delimiter")}
                <input size={3} value={draft.delimiter} onChange={(e) => set("delimiter", e.target.value)} className={field} />
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-600">
                {t("recon.mappings.encoding")}
                <select value={draft.encoding} onChange={(e) => set("encoding", e.target.value)} className={cx(field, "pr-8")}>
                  <option value="utf8">UTF-8</option>
                  <option value="gbk">GBK</option>
                </select>
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-600">
                {t("recon.mappings.skipLines")}
                <input size={3} inputMode="numeric" value={draft.skipLines} onChange={(e) => set("skipLines", e.target.value)} className={field} />
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-600">
                {t("recon.mappings.timeZone")}
                <input size={14} value={draft.timeZone} onChange={(e) => set("timeZone", e.target.value)} className={field} />
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-600">
                {t("recon.mappings.amountUnit")}
                <select value={draft.amountUnit} onChange={(e) => set("amountUnit", e.target.value)} className={cx(field, "pr-8")}>
                  <option value="major">{t("recon.mappings.major")}</option>
                  <option value="minor">{t("recon.mappings.minor")}</option>
                </select>
              </label>
              <label className="flex flex-col gap-1 text-xs text-slate-600">
                {t("recon.mappings.defaultCurrency")}
                <input size={4} value={draft.defaultCurrency} onChange={(e) => set("defaultCurrency", e.target.value.toUpperCase())} className={field} />
              </label>
            </div>
            <fieldset className="grid gap-2 sm:grid-cols-3">
              <legend className="mb-1 text-xs font-semibold text-slate-700">{t("recon.mappings.columns")}</legend>
              {COLUMN_KEYS.map((k) => (
                <label key={k} className="flex flex-col gap-1 text-xs text-slate-600">
                  {t(`recon.mappings.col.${k}`)}
                  <input required={k === "providerTransactionId" || k === "amount" || k === "occurredAt"} value={draft[k]} onChange={(e) => set(k, e.target.value)} className={field} />
                </label>
              ))}
              <label className="flex flex-col gap-1 text-xs text-slate-600">
                {t("recon.mappings.refundValues")}
                <input value={draft.refundValues} onChange={(e) => set("refundValues", e.target.value)} className={field} />
              </label>
            </fieldset>
            <div className="flex gap-2">
              <Button type="submit" variant="primary" disabled={!complete || save.isPending}>
                {t("recon.mappings.save")}
              </Button>
              <Button onClick={() => setDraft(null)}>{t("common.cancel")}</Button>
            </div>
          </form>
        )}
        {deleting && (
          <ConfirmDialog open title={t("recon.mappings.deleteTitle", { name: deleting.name })} busy={remove.isPending} onCancel={() => setDeleting(null)} onConfirm={() => remove.mutate({ id: deleting.id })}>
            {t("recon.mappings.deleteBody")}
          </ConfirmDialog>
        )}
      </div>
    </Card>
  );
}

/** /reconciliation/rules: the three auto-repair rules with their dry run, "run now", and saved column mappings. */
export interface RulePrefill {
  key: string;
  enabled?: boolean;
  limitMinor?: number;
}

export function RulesView({ canConfigure, canRun, prefill }: { canConfigure: boolean; canRun: boolean; prefill?: RulePrefill }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.reconRules.list.queryOptions());
  const preview = useQuery(trpc.reconRules.preview.queryOptions({}));
  const [confirmRun, setConfirmRun] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.reconRules.pathFilter());
  const run = useMutation(
    trpc.reconRules.run.mutationOptions({
      onSuccess: (r) => {
        setConfirmRun(false);
        toast({ tone: "success", text: t("recon.rules.ran", { applied: r.applied, refunded: r.refunded, writtenOff: r.writtenOff, ticketed: r.ticketed }) });
        void refresh();
        void queryClient.invalidateQueries(trpc.discrepancy.pathFilter());
      },
      onError: (e) => {
        setConfirmRun(false);
        toast({ tone: "error", text: t("recon.rules.failed", { message: e.message }) });
      },
    }),
  );
  const total = preview.data?.reduce((n, p) => n + (p.enabled ? p.items : 0), 0) ?? 0;
  return (
    <>
      <PageHeader
        title={t("recon.rules.title")}
        subtitle={canConfigure ? t("recon.rules.subtitle") : t("recon.rules.readOnly")}
        actions={
          <div className="flex items-center gap-3">
            <Link href="/reconciliation" className="text-sm text-indigo-700 hover:underline">
              {t("recon.title")}
            </Link>
            <Button onClick={() => void preview.refetch()} disabled={preview.isFetching} aria-busy={preview.isFetching || undefined}>
              {t("recon.rules.dryRun")}
            </Button>
            {canRun && (
              <Button variant="primary" disabled={run.isPending || total === 0} onClick={() => setConfirmRun(true)}>
                {t("recon.rules.runNow")}
              </Button>
            )}
          </div>
        }
      />
      {rules.isPending ? (
        <LoadingState rows={6} />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-3">
          {rules.data.map((r) => (
            <RuleCard key={`${r.key}-${String(r.updatedAt)}`} rule={r} preview={preview.data?.find((p) => p.key === r.key)} canConfigure={canConfigure} onSaved={() => void refresh()} prefill={prefill?.key === r.key ? prefill : undefined} />
          ))}
        </div>
      )}
      <div className="mt-4">
        <MappingEditor canConfigure={canConfigure} />
      </div>
      {confirmRun && (
        <ConfirmDialog open title={t("recon.rules.runTitle")} confirmLabel={t("recon.rules.runNow")} busy={run.isPending} onCancel={() => setConfirmRun(false)} onConfirm={() => run.mutate({})}>
          {t("recon.rules.runBody", { count: total })}
        </ConfirmDialog>
      )}
    </>
  );
}
