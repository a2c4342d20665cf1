"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { ALERT_DIRECTIONS, ALERT_RULE_KINDS, ALERT_SEVERITIES, type AlertMetric } from "@/lib/alerts";
import type { AppRouter } from "@/server/api/root";
import { BacktestChart } from "./backtest-chart";
import { draftFromForm, fieldApplies, fieldErrorsFromIssues, fieldUnit, formFromRule, type FieldError, type ParamField, type RuleFormState, type Scope, type ServerIssue } from "./rule-form";

export type RuleView = inferRouterOutputs<AppRouter>["alert"]["ruleList"][number];
type I18n = ReturnType<typeof useI18n>;

const BACKTEST_DAYS = [7, 30] as const;
const DEBOUNCE_MS = 500;

/** The zod issues server/api/trpc.ts forwards on a BAD_REQUEST (error.data.zod), if any. */
function issuesOf(error: unknown): ServerIssue[] | null {
  const zod = (error as { data?: { zod?: unknown } } | null)?.data?.zod;
  return Array.isArray(zod) ? (zod as ServerIssue[]) : null;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

function errorText(t: I18n["t"], e: FieldError | undefined): string | undefined {
  if (!e) return undefined;
  switch (e.kind) {
    case "min":
    case "max":
      return t(`alertRules.error.${e.kind}`, { value: e.value });
    case "other":
      return t("alertRules.error.other", { message: e.message });
    default:
      return t(`alertRules.error.${e.kind}`);
  }
}

const HINTED = new Set<ParamField>(["threshold", "resolveThreshold", "change", "minAbsoluteChange", "zScore", "resolveRatio", "minVolume", "pendingMinutes"]);

function ParamInput({ field, form, error, onChange }: { field: ParamField; form: RuleFormState; error: string | undefined; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const unit = fieldUnit(field, form.metric);
  const hint = HINTED.has(field) ? t(`alertRules.hint.${field as "threshold"}`) : undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {t(`alertRules.param.${field}`)}
      </label>
      <div className="mt-1 flex items-center gap-1.5">
        {unit === "yuan" && <span className="text-sm text-slate-500">{t("alertRules.unit.yuan")}</span>}
        <input
          id={id}
          inputMode="decimal"
          value={form.values[field]}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error || hint ? `${id}-d` : undefined}
          className={cx("w-full max-w-32 min-w-0 rounded-md border-0 px-2 py-1 text-sm tabular-nums ring-1 ring-inset", error ? "ring-rose-500" : "ring-slate-300")}
        />
        {unit !== "yuan" && unit !== "count" && <span className="shrink-0 text-sm text-slate-500">{t(`alertRules.unit.${unit}`)}</span>}
      </div>
      <p id={`${id}-d`} className={cx("mt-0.5 text-xs", error ? "text-rose-700" : "text-slate-500")}>
        {error ?? hint}
      </p>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-xs font-semibold text-slate-600">{title}</legend>
      {children}
    </fieldset>
  );
}

function Select<T extends string>({ label, value, options, render, onChange }: { label: string; value: T; options: readonly T[]; render: (v: T) => string; onChange: (v: T) => void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} className="mt-1 rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset">
        {options.map((o) => (
          <option key={o} value={o}>
            {render(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Edits one rule in the units people think in, replays the draft over stored metrics (debounced, before
 * anything is saved) and saves it. Validation is the server's: the backtest and the save both run the
 * draft through rule-schema.ts, and their zod issues land next to the fields.
 */
export function RuleEditor({ rule, ruleName, prefill, onClose }: { rule: RuleView; ruleName: string; prefill?: Record<string, number>; onClose: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const initial = useMemo(() => formFromRule(rule), [rule]);
  // Proposed values (a report suggestion) start as unsaved edits; "reset" goes back to the stored rule.
  const [form, setForm] = useState<RuleFormState>(() => (prefill ? formFromRule({ ...rule, params: { ...rule.params, ...prefill } }) : initial));
  const [days, setDays] = useState<(typeof BACKTEST_DAYS)[number]>(7);
  const [saveIssues, setSaveIssues] = useState<{ form: RuleFormState; issues: ServerIssue[]; message: string } | null>(null);

  const parsed = draftFromForm(form);
  const draft = parsed.draft;
  const debouncedDraft = useDebounced(draft ? JSON.stringify(draft) : null, DEBOUNCE_MS);
  const backtestInput = debouncedDraft ? (JSON.parse(debouncedDraft) as NonNullable<typeof draft>) : null;
  const backtest = useQuery({
    ...trpc.alert.backtest.queryOptions(
      {
        rule: backtestInput
          ? { metric: backtestInput.metric, kind: backtestInput.kind, direction: backtestInput.direction, severity: backtestInput.severity, params: backtestInput.params, scopes: backtestInput.scopes }
          : { metric: rule.metric, kind: rule.kind, direction: rule.direction, severity: rule.severity, params: rule.params, scopes: [...rule.scopes] as Scope[] },
        days,
      },
      { enabled: backtestInput !== null, placeholderData: keepPreviousData, staleTime: 60_000, retry: false },
    ),
  });

  const save = useMutation(trpc.alert.ruleUpdate.mutationOptions());
  const submit = () => {
    if (!draft) return;
    save.mutate(
      { key: rule.key, enabled: form.enabled, severity: draft.severity, direction: draft.direction, kind: draft.kind, params: draft.params, scopes: draft.scopes, inhibitsProvider: draft.inhibitsProvider },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.alert.ruleList.queryKey() }).then(() => {
            toast({ tone: "success", text: t("alertRules.form.saved", { rule: ruleName }) });
            onClose();
          });
        },
        onError: (e) => {
          setSaveIssues({ form, issues: issuesOf(e) ?? [], message: e.message });
          if (!issuesOf(e)) toast({ tone: "error", text: t("alertRules.form.saveFailed", { message: e.message }) });
        },
      },
    );
  };

  // Field errors: what is not a number (here), what the backtest's validation said about the same draft,
  // and what the last save said while the form is still as it was then.
  const backtestIssues = backtest.isError && backtestInput && debouncedDraft === (draft ? JSON.stringify(draft) : null) ? issuesOf(backtest.error) : null;
  const currentSaveIssues = saveIssues && saveIssues.form === form ? saveIssues.issues : [];
  const server = fieldErrorsFromIssues([...(backtestIssues ?? []), ...currentSaveIssues], form.metric);
  const errors: Partial<Record<ParamField | "scopes", FieldError>> = { ...server.fields };
  for (const [f, kind] of Object.entries(parsed.errors ?? {})) errors[f as ParamField] = { kind };
  const hasErrors = Object.keys(errors).length > 0 || server.other.length > 0;

  const setValue = (field: ParamField, value: string) => setForm((f) => ({ ...f, values: { ...f.values, [field]: value } }));
  const toggleScope = (scope: Scope, on: boolean) => setForm((f) => ({ ...f, scopes: on ? [...new Set([...f.scopes, scope])] : f.scopes.filter((s) => s !== scope) }));
  const param = (field: ParamField) =>
    fieldApplies(field, form.kind) && <ParamInput key={field} field={field} form={form} error={errorText(t, errors[field])} onChange={(v) => setValue(field, v)} />;

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[calc(100vh-2rem)] max-w-6xl! overflow-y-auto">
        <DialogTitle>{t("alertRules.editTitle", { rule: ruleName })}</DialogTitle>
        <DialogDescription>
          {t(`alerts.metric.${form.metric}`)} · <span className="font-mono text-xs">{rule.key}</span>
        </DialogDescription>
        <form
          className="mt-4 grid gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="space-y-3">
            <Section title={t("alertRules.form.detection")}>
              <div className="flex flex-wrap gap-4">
                <Select label={t("alertRules.form.kind")} value={form.kind} options={ALERT_RULE_KINDS} render={(k) => t(`alertRules.kind.${k}`)} onChange={(kind) => setForm((f) => ({ ...f, kind }))} />
                <Select label={t("alertRules.form.direction")} value={form.direction} options={ALERT_DIRECTIONS} render={(d) => t(`alertRules.direction.${d}`)} onChange={(direction) => setForm((f) => ({ ...f, direction }))} />
              </div>
              <div className="mt-3 grid grid-cols-2 gap-3">
                {param("threshold")}
                {param("resolveThreshold")}
                {param("change")}
                {param("minAbsoluteChange")}
                {param("zScore")}
                {param("resolveRatio")}
                {param("minVolume")}
                {param("baselineWeeks")}
                {param("fallbackHours")}
              </div>
            </Section>
            <Section title={t("alertRules.form.timing")}>
              <div className="grid grid-cols-2 gap-3">
                {param("windowMinutes")}
                {param("maxWindowMinutes")}
                {param("pendingMinutes")}
                {param("resolveMinutes")}
              </div>
            </Section>
            <Section title={t("alertRules.form.scope")}>
              <div className="flex flex-wrap items-start gap-6">
                <Select label={t("alertRules.form.severity")} value={form.severity} options={ALERT_SEVERITIES} render={(s) => t(`alerts.severity.${s}`)} onChange={(severity) => setForm((f) => ({ ...f, severity }))} />
                <div role="group" aria-label={t("alertRules.form.scopes")}>
                  <p className="text-xs font-medium text-slate-700">{t("alertRules.form.scopes")}</p>
                  {(["provider", "overall"] as const).map((s) => (
                    <label key={s} className="mt-1 flex items-center gap-2 text-sm">
                      <input type="checkbox" checked={form.scopes.includes(s)} onChange={(e) => toggleScope(s, e.target.checked)} />
                      {t(s === "provider" ? "alertRules.form.scopeProvider" : "alertRules.form.scopeOverall")}
                    </label>
                  ))}
                  {errors.scopes && <p className="mt-0.5 text-xs text-rose-700">{errorText(t, errors.scopes)}</p>}
                </div>
              </div>
              <label className="mt-3 flex items-center gap-2 text-sm">
                <input type="checkbox" checked={form.enabled} onChange={(e) => setForm((f) => ({ ...f, enabled: e.target.checked }))} />
                {t("alertRules.form.enabled")}
              </label>
              <label className="mt-2 flex items-center gap-2 text-sm">
                <input type="checkbox" checked={form.inhibitsProvider} onChange={(e) => setForm((f) => ({ ...f, inhibitsProvider: e.target.checked }))} />
                {t("alertRules.form.inhibitsProvider")}
              </label>
            </Section>
            {server.other.length > 0 && (
              <p role="alert" className="text-xs text-rose-700">
                {server.other.join(" · ")}
              </p>
            )}
            {saveIssues && saveIssues.form === form && saveIssues.issues.length === 0 && (
              <p role="alert" className="text-xs text-rose-700">
                {t("alertRules.form.saveFailed", { message: saveIssues.message })}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <Button onClick={() => setForm(initial)} disabled={form === initial}>
                {t("alertRules.form.reset")}
              </Button>
              <Button onClick={onClose}>{t("common.cancel")}</Button>
              <Button type="submit" variant="primary" disabled={!draft || save.isPending}>
                {save.isPending ? t("alertRules.form.saving") : t("alertRules.form.save")}
              </Button>
            </div>
          </div>
          <BacktestPanel
            days={days}
            setDays={setDays}
            metric={form.metric}
            threshold={draft?.kind === "threshold" ? draft.params.threshold : undefined}
            invalid={!draft || hasErrors}
            query={backtest}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}

interface BacktestQuery {
  data: inferRouterOutputs<AppRouter>["alert"]["backtest"] | undefined;
  isError: boolean;
  error: { message: string } | null;
  isFetching: boolean;
}

function BacktestPanel({
  days,
  setDays,
  metric,
  threshold,
  invalid,
  query,
}: {
  days: (typeof BACKTEST_DAYS)[number];
  setDays: (d: (typeof BACKTEST_DAYS)[number]) => void;
  metric: AlertMetric;
  threshold: number | undefined;
  invalid: boolean;
  query: BacktestQuery;
}) {
  const { t, dateTime } = useI18n();
  const data = query.data;
  return (
    <section aria-labelledby="backtest-title" aria-busy={query.isFetching} className="rounded-md border border-slate-200 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="backtest-title" className="text-sm font-semibold text-slate-900">
          {t("alertRules.backtest.title")}
        </h3>
        <div role="radiogroup" aria-label={t("alertRules.backtest.range")} className="inline-flex rounded-md ring-1 ring-slate-300">
          {BACKTEST_DAYS.map((d) => (
            <button
              key={d}
              type="button"
              role="radio"
              aria-checked={days === d}
              onClick={() => setDays(d)}
              className={cx("px-2.5 py-1 text-xs first:rounded-l-md last:rounded-r-md", days === d ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-50")}
            >
              {t("alertRules.backtest.days", { n: d })}
            </button>
          ))}
        </div>
      </div>
      <p className="mt-1 text-xs text-slate-500">{t("alertRules.backtest.note")}</p>
      {invalid ? (
        <p className="mt-6 text-sm text-slate-600">{t("alertRules.backtest.invalid")}</p>
      ) : query.isError && !data ? (
        <p role="alert" className="mt-6 text-sm text-rose-700">
          {t("alertRules.backtest.failed", { message: query.error?.message ?? "" })}
        </p>
      ) : !data ? (
        <div role="status" className="mt-6 h-44 animate-pulse rounded bg-slate-100">
          <span className="sr-only">{t("alertRules.backtest.loading")}</span>
        </div>
      ) : (
        <div className={cx("mt-3 transition-opacity", query.isFetching && "opacity-60")}>
          <p role="status" aria-live="polite" className="mb-2 text-sm font-medium text-slate-900" data-testid="backtest-fired">
            {t("alertRules.backtest.fired", { count: data.fired, days: data.days })}
          </p>
          <BacktestChart result={data} metric={metric} threshold={threshold} />
          {data.alerts.length > 0 && (
            <details className="mt-3 text-xs text-slate-600">
              <summary className="cursor-pointer">{t("alertRules.backtest.alerts")}</summary>
              <ul className="mt-1 max-h-32 space-y-0.5 overflow-y-auto tabular-nums">
                {data.alerts.map((a, i) => (
                  <li key={i}>
                    {t("alertRules.backtest.alertRow", {
                      provider: a.provider === "*" ? t("alerts.scope.all") : a.provider,
                      firedAt: dateTime(a.firedAt),
                      resolvedAt: a.resolvedAt ? dateTime(a.resolvedAt) : t("alertRules.backtest.stillFiring"),
                    })}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
