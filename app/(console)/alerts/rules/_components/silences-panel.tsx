"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { useNow } from "next-intl";
import { useMemo, useState } from "react";
import type { RuleView } from "@/components/alerts/rules/rule-editor";
import { Field, inputClass } from "@/components/alerts/channels/form-field";
import { dateToZonedInput, zonedInputToDate } from "@/components/alerts/rules/zoned-time";
import { timeColumn } from "@/components/data-table/time-column";
import { DataTable } from "@/components/data-table/data-table";
import { useConfirmedAction } from "@/components/data-table/record-actions";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { ALERT_METRICS, ALERT_SEVERITIES, SILENCE_KINDS, type SilenceKind } from "@/lib/alerts";
import { PROVIDERS } from "@/lib/enums";
import type { AppRouter } from "@/server/api/root";
import { SILENCE_FILTERS, silenceListInput, type SilenceFilter } from "./rules-input";

type SilenceRow = inferRouterOutputs<AppRouter>["alert"]["silenceList"][number];
type I18n = ReturnType<typeof useI18n>;
type MatcherKey = "ruleKey" | "metric" | "provider" | "severity";
const MATCHER_KEYS: readonly MatcherKey[] = ["ruleKey", "metric", "provider", "severity"];

/** In force per the server (at the time it answered); otherwise not started yet, or over, at that time. */
function silenceState(s: SilenceRow, answeredAt: Date): "active" | "upcoming" | "expired" {
  if (s.active) return "active";
  return new Date(s.startsAt).getTime() > answeredAt.getTime() ? "upcoming" : "expired";
}

function matcherValue({ t }: I18n, key: MatcherKey, value: string, ruleName: (k: string) => string): string {
  if (key === "ruleKey") return ruleName(value);
  if (key === "metric") return t(`alerts.metric.${value as "success_rate"}`);
  if (key === "severity") return t(`alerts.severity.${value as "critical"}`);
  return (PROVIDERS as readonly string[]).includes(value) ? t(`provider.${value as "alipay"}`) : value;
}

function MatchersCell({ matchers, ruleName }: { matchers: SilenceRow["matchers"]; ruleName: (k: string) => string }) {
  const i18n = useI18n();
  const set = MATCHER_KEYS.filter((k) => matchers[k]);
  if (set.length === 0) return <span className="text-slate-500">{i18n.t("alertRules.silence.matchesAll")}</span>;
  return (
    <ul className="flex flex-wrap gap-1">
      {set.map((k) => (
        <li key={k} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
          {i18n.t(`alertRules.silence.matcher.${k}`)}: <span className="font-medium">{matcherValue(i18n, k, matchers[k]!, ruleName)}</span>
        </li>
      ))}
    </ul>
  );
}

function silenceColumns(i18n: I18n, now: Date, ruleName: (k: string) => string, onExpire: (s: SilenceRow) => void): ColumnDef<SilenceRow>[] {
  const { t, dateTime, zoneLabel } = i18n;
  const tone = { active: "green", upcoming: "blue", expired: "gray" } as const;
  return [
    { id: "kind", header: t("alertRules.silence.col.kind"), cell: ({ row }) => <Badge tone={row.original.kind === "maintenance" ? "violet" : "gray"}>{t(`alertRules.silence.kind.${row.original.kind}`)}</Badge> },
    { id: "matchers", header: t("alertRules.silence.col.matchers"), cell: ({ row }) => <MatchersCell matchers={row.original.matchers} ruleName={ruleName} /> },
    timeColumn<SilenceRow>({ id: "startsAt", label: t("alertRules.silence.col.startsAt"), zoneLabel, dateTime, at: (s) => s.startsAt }),
    timeColumn<SilenceRow>({ id: "endsAt", label: t("alertRules.silence.col.endsAt"), zoneLabel, dateTime, at: (s) => s.endsAt }),
    { id: "comment", header: t("alertRules.silence.col.comment"), meta: { className: "max-w-xs text-xs" }, cell: ({ row }) => row.original.comment ?? "—" },
    { id: "createdBy", header: t("alertRules.silence.col.createdBy"), meta: { className: "text-xs" }, cell: ({ row }) => row.original.createdBy ?? "—" },
    {
      id: "state",
      header: t("alertRules.silence.col.state"),
      cell: ({ row }) => {
        const state = silenceState(row.original, now);
        return <Badge tone={tone[state]}>{t(`alertRules.silence.state.${state}`)}</Badge>;
      },
    },
    {
      id: "expire",
      header: () => <span className="sr-only">{t("alertRules.silence.expire")}</span>,
      meta: { className: "text-right" },
      cell: ({ row }) =>
        silenceState(row.original, now) !== "expired" && (
          <Button size="sm" aria-label={`${t("alertRules.silence.expire")} #${row.original.id}`} onClick={() => onExpire(row.original)}>
            {t("alertRules.silence.expire")}
          </Button>
        ),
    },
  ];
}

export function SilencesPanel({ rules, ruleName }: { rules: readonly RuleView[]; ruleName: (key: string) => string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The request's "now" (same on the server and in the browser), so states do not flip during hydration.
  const requestNow = useNow();
  const [filter, setFilter] = useState<SilenceFilter>("active");
  const [creating, setCreating] = useState(false);
  const list = useQuery(trpc.alert.silenceList.queryOptions(silenceListInput(filter)));
  // When the rows were read (the server's prefetch time for hydrated data), so "active" and the dates agree.
  const now = useMemo(() => (list.dataUpdatedAt ? new Date(list.dataUpdatedAt) : requestNow), [list.dataUpdatedAt, requestNow]);
  const expire = useMutation(trpc.alert.silenceExpire.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alert.silenceList.queryKey() });
  const expiry = useConfirmedAction<SilenceRow>({
    run: (row) => expire.mutateAsync({ id: row.id }),
    refresh,
    doneText: t("alertRules.silence.expired"),
    failedText: (message) => t("alertRules.silence.expireFailed", { message }),
  });
  const columns = useMemo(() => silenceColumns(i18n, now, ruleName, expiry.ask), [i18n, now, ruleName, expiry.ask]);

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-3 py-2">
        <select
          aria-label={t("alertRules.silence.title")}
          value={filter}
          onChange={(e) => setFilter(e.target.value as SilenceFilter)}
          className="rounded-md border-0 py-1.5 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset"
        >
          {SILENCE_FILTERS.map((f) => (
            <option key={f} value={f}>
              {t(`alertRules.silence.filter.${f}`)}
            </option>
          ))}
        </select>
        <Button variant="primary" onClick={() => setCreating(true)}>
          {t("alertRules.silence.new")}
        </Button>
      </div>
      <DataTable label={t("alertRules.silence.title")} query={list} rows={list.data} columns={columns} getRowId={(s) => String(s.id)} empty={{ title: t("alertRules.silence.empty") }} />
      {creating && (
        <CreateSilenceDialog
          rules={rules}
          ruleName={ruleName}
          onClose={() => setCreating(false)}
          onCreated={async () => {
            await refresh();
            setCreating(false);
            toast({ tone: "success", text: t("alertRules.silence.created") });
          }}
        />
      )}
      <ConfirmDialog open={expiry.target !== null} title={t("alertRules.silence.expireTitle")} busy={expiry.busy} confirmLabel={t("alertRules.silence.expire")} onCancel={expiry.cancel} onConfirm={expiry.confirm}>
        {t("alertRules.silence.expireBody")}
      </ConfirmDialog>
    </>
  );
}

function CreateSilenceDialog({ rules, ruleName, onClose, onCreated }: { rules: readonly RuleView[]; ruleName: (k: string) => string; onClose: () => void; onCreated: () => Promise<void> }) {
  const i18n = useI18n();
  const { t, timeZone, zoneLabel } = i18n;
  const trpc = useTRPC();
  const create = useMutation(trpc.alert.silenceCreate.mutationOptions());
  const [opened] = useState(() => new Date());
  const [kind, setKind] = useState<SilenceKind>("silence");
  const [matchers, setMatchers] = useState<Record<MatcherKey, string>>({ ruleKey: "", metric: "", provider: "", severity: "" });
  const [startsAt, setStartsAt] = useState(() => dateToZonedInput(opened, timeZone));
  const [endsAt, setEndsAt] = useState(() => dateToZonedInput(new Date(opened.getTime() + 2 * 3600_000), timeZone));
  const [comment, setComment] = useState("");
  const [submitted, setSubmitted] = useState(false);

  const start = zonedInputToDate(startsAt, timeZone);
  const end = zonedInputToDate(endsAt, timeZone);
  const errors = {
    startsAt: !start ? t("alertRules.silence.error.time") : undefined,
    endsAt: !end ? t("alertRules.silence.error.time") : start && end.getTime() <= start.getTime() ? t("alertRules.silence.error.range") : undefined,
    comment: comment.trim() === "" ? t("alertRules.silence.error.comment") : undefined,
  };
  const valid = !errors.startsAt && !errors.endsAt && !errors.comment;
  const shown = (e: string | undefined) => (submitted ? e : undefined);

  const options: Record<MatcherKey, { value: string; label: string }[]> = {
    ruleKey: rules.map((r) => ({ value: r.key, label: ruleName(r.key) })),
    metric: ALERT_METRICS.map((m) => ({ value: m, label: t(`alerts.metric.${m}`) })),
    provider: PROVIDERS.map((p) => ({ value: p, label: t(`provider.${p}`) })),
    severity: ALERT_SEVERITIES.map((s) => ({ value: s, label: t(`alerts.severity.${s}`) })),
  };

  const submit = () => {
    setSubmitted(true);
    if (!valid || !start || !end) return;
    const chosen = Object.fromEntries(MATCHER_KEYS.filter((k) => matchers[k]).map((k) => [k, matchers[k]]));
    create.mutate(
      { kind, matchers: chosen, startsAt: start, endsAt: end, comment: comment.trim() },
      { onSuccess: () => void onCreated(), onError: (e) => toast({ tone: "error", text: t("alertRules.silence.createFailed", { message: e.message }) }) },
    );
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-xl!">
        <DialogTitle>{t("alertRules.silence.createTitle")}</DialogTitle>
        <DialogDescription>{t("alertRules.silence.kindHint")}</DialogDescription>
        <form
          noValidate
          className="mt-4 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div role="radiogroup" aria-label={t("alertRules.silence.col.kind")} className="flex gap-4">
            {SILENCE_KINDS.map((k) => (
              <label key={k} className="flex items-center gap-2 text-sm">
                <input type="radio" name="silence-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {t(`alertRules.silence.kind.${k}`)}
              </label>
            ))}
          </div>
          <div className="grid grid-cols-2 gap-3">
            {MATCHER_KEYS.map((k) => (
              <Field key={k} label={t(`alertRules.silence.matcher.${k}`)}>
                {(id) => (
                  <select id={id} value={matchers[k]} onChange={(e) => setMatchers((m) => ({ ...m, [k]: e.target.value }))} className={inputClass}>
                    <option value="">{t("alertRules.silence.matcher.any")}</option>
                    {options[k].map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
            <Field label={t("alertRules.silence.startsAt", { zone: zoneLabel })} error={shown(errors.startsAt)}>
              {(id, d) => <input id={id} type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} aria-invalid={shown(errors.startsAt) ? true : undefined} aria-describedby={d} className={inputClass} />}
            </Field>
            <Field label={t("alertRules.silence.endsAt", { zone: zoneLabel })} error={shown(errors.endsAt)}>
              {(id, d) => <input id={id} type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} aria-invalid={shown(errors.endsAt) ? true : undefined} aria-describedby={d} className={inputClass} />}
            </Field>
          </div>
          <Field label={t("alertRules.silence.comment")} error={shown(errors.comment)} hint={t("alertRules.silence.commentHint")}>
            {(id, d) => (
              <textarea id={id} rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} aria-invalid={shown(errors.comment) ? true : undefined} aria-describedby={d} className={inputClass} />
            )}
          </Field>
          <DialogFooter>
            <Button onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" variant="primary" disabled={create.isPending}>
              {t("alertRules.silence.create")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
