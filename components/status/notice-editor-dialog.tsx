"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { dateToZonedInput, zonedInputToDate } from "@/components/alerts/rules/zoned-time";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import {
  closingTemplateKey,
  COMPONENT_STATES,
  componentsForProvider,
  isClosingStatus,
  NOTICE_SEVERITIES,
  statusesFor,
  type ComponentState,
  type Localized,
  type NoticeComponent,
  type NoticeKind,
  type NoticeSeverity,
  type NoticeStatus,
  type StatusTemplateKey,
} from "@/lib/status";
import { BannerBox } from "./banner-box";
import { NoticeStatusBadge } from "./notice-badges";
import type { ComponentView, NoticeView, StatusTemplate } from "./types";

const LANGS = ["zh-CN", "en"] as const;
type Lang = (typeof LANGS)[number];

/** The server's bounds (server/api/routers/status.ts), checked here first so the message is immediate. */
const TITLE_MAX = 120;
const BODY_MAX = 2000;

const PROVIDER_CHOICES = ["alipay", "wechatpay", "stripe", "other", "all"] as const;
type ProviderChoice = (typeof PROVIDER_CHOICES)[number];
// {provider} in the templates, in each language (the editor fills the placeholders; the server stores text).
const PROVIDER_WORDS: Record<ProviderChoice, Localized> = {
  alipay: { "zh-CN": "支付宝", en: "Alipay" },
  wechatpay: { "zh-CN": "微信", en: "WeChat Pay" },
  stripe: { "zh-CN": "银行卡", en: "Card" },
  other: { "zh-CN": "部分渠道的", en: "Some" },
  all: { "zh-CN": "部分渠道的", en: "Some" },
};
// The components a choice affects: "other" (the sandbox, a provider without its own component) is order updates only.
const PROVIDER_SCOPE: Record<ProviderChoice, string> = { alipay: "alipay", wechatpay: "wechatpay", stripe: "stripe", other: "sandbox", all: "*" };
const ETA_MINUTES = [15, 30, 60, 120] as const;
const etaWords = (m: number): Localized =>
  m < 60 ? { "zh-CN": `${m} 分钟`, en: `${m} minutes` } : { "zh-CN": `${m / 60} 小时`, en: m === 60 ? "1 hour" : `${m / 60} hours` };

/** An incident's provider ("*" for all, null for none) as the editor's choice. */
export function providerChoice(provider: string | null | undefined): ProviderChoice {
  if (provider === "alipay" || provider === "wechatpay" || provider === "stripe") return provider;
  return provider && provider !== "*" ? "other" : "all";
}

/** A notice's provider, guessed from its components (for the recovery text). */
function providerOfComponents(components: readonly NoticeComponent[]): ProviderChoice {
  const keys = components.map((c) => c.key);
  if (keys.includes("alipay")) return "alipay";
  if (keys.includes("wechat")) return "wechatpay";
  if (keys.includes("card")) return "stripe";
  return "all";
}

const fill = (text: Localized, provider: ProviderChoice, eta: Localized): Localized => {
  const f = (l: Lang) => text[l].replaceAll("{provider}", PROVIDER_WORDS[provider][l]).replaceAll("{eta}", eta[l]);
  return { "zh-CN": f("zh-CN"), en: f("en") };
};

export type EditorMode =
  | { kind: "publish"; template: "busy" | "maintenance"; incidentId?: number; provider?: string | null }
  | { kind: "update"; notice: NoticeView; resolve?: boolean };

/**
 * "New notice", "Schedule maintenance", "Publish status notice" (from an incident), "Post update" and
 * "Resolve": one dialog. It starts from a template (busy / maintenance / recovery) with {provider} and
 * {eta} filled in, both languages side by side and editable, component state pickers, and a live preview of
 * the website banner and the status page entry in each language.
 */
export function NoticeEditorDialog({ mode, trigger, onDone }: { mode: EditorMode; trigger: ReactNode; onDone?: (id: number) => void }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const title =
    mode.kind === "publish"
      ? t(mode.template === "maintenance" ? "notices.editor.scheduleTitle" : "notices.editor.newTitle")
      : t(mode.resolve ? "notices.editor.resolveTitle" : "notices.editor.updateTitle", { title: mode.notice.title[locale === "en" ? "en" : "zh-CN"] });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-h-[calc(100vh-2rem)] overflow-y-auto md:max-w-3xl lg:max-w-5xl">
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{t("notices.editor.description")}</DialogDescription>
        {open && (
          <EditorBody
            mode={mode}
            onDone={(id) => {
              setOpen(false);
              onDone?.(id);
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function EditorBody({ mode, onDone }: { mode: EditorMode; onDone: (id: number) => void }) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.status.templates.queryOptions({}));
  const overview = useQuery(trpc.status.overview.queryOptions({}));
  if (templates.isPending || overview.isPending) return <LoadingState rows={4} />;
  if (templates.isError) return <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  return <EditorForm mode={mode} templates={templates.data} components={overview.data.components} onDone={onDone} />;
}

interface Draft {
  template: StatusTemplateKey;
  provider: ProviderChoice;
  eta: number;
  severity: NoticeSeverity;
  status: NoticeStatus;
  title: Localized;
  body: Localized;
  components: Record<string, ComponentState | null>;
  scheduledFor: string;
  scheduledUntil: string;
}

function initialDraft(mode: EditorMode, templates: readonly StatusTemplate[], all: readonly ComponentView[], timeZone: string): Draft {
  const tpl = (key: StatusTemplateKey) => templates.find((x) => x.key === key)!;
  if (mode.kind === "publish") {
    const template = tpl(mode.template);
    const provider = providerChoice(mode.provider);
    const start = new Date(Math.ceil((Date.now() + 86_400_000) / 3_600_000) * 3_600_000);
    const draft: Draft = {
      template: mode.template,
      provider,
      eta: 30,
      severity: template.severity,
      status: template.status,
      title: template.title,
      body: template.body,
      components: {},
      scheduledFor: mode.template === "maintenance" ? dateToZonedInput(start, timeZone) : "",
      scheduledUntil: mode.template === "maintenance" ? dateToZonedInput(new Date(start.getTime() + 2 * 3_600_000), timeZone) : "",
    };
    return withTemplate(draft, template, all);
  }
  const { notice } = mode;
  const components = Object.fromEntries(all.map((c) => [c.key, notice.components.find((x) => x.key === c.key)?.state ?? null]));
  const closing = statusesFor(notice.kind).find((s) => isClosingStatus(s))!;
  const base: Draft = {
    template: closingTemplateKey(notice.kind),
    provider: providerOfComponents(notice.components),
    eta: 30,
    severity: notice.severity,
    status: mode.resolve ? closing : notice.status,
    title: notice.title,
    body: notice.body,
    components,
    scheduledFor: "",
    scheduledUntil: "",
  };
  if (!mode.resolve) return base;
  return { ...base, body: fill(tpl(closingTemplateKey(notice.kind)).body, base.provider, etaWords(base.eta)) };
}

/** The template's texts (placeholders filled) and its suggested components, widened to the provider's. */
function withTemplate(draft: Draft, template: StatusTemplate, all: readonly ComponentView[]): Draft {
  const eta =
    template.kind === "maintenance" && draft.scheduledFor
      ? ((w: string): Localized => ({ "zh-CN": w, en: w }))(`${draft.scheduledFor.replace("T", " ")}${draft.scheduledUntil ? `–${draft.scheduledUntil.slice(11)}` : ""}`)
      : etaWords(draft.eta);
  const suggested = template.components[0]?.state ?? "degraded_performance";
  const keys = new Set<string>([...template.components.map((c) => c.key), ...componentsForProvider(PROVIDER_SCOPE[draft.provider])]);
  const components = Object.fromEntries(
    all.map((c) => [c.key, keys.has(c.key) ? (template.components.find((x) => x.key === c.key)?.state ?? suggested) : null]),
  );
  return { ...draft, template: template.key, severity: template.severity, status: template.status, title: fill(template.title, draft.provider, eta), body: fill(template.body, draft.provider, eta), components };
}

const inputClass =
  "mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-rose-500";

function EditorForm({ mode, templates, components: all, onDone }: { mode: EditorMode; templates: StatusTemplate[]; components: ComponentView[]; onDone: (id: number) => void }) {
  const { t, timeZone, zoneLabel, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const uid = useId();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(mode, templates, all, timeZone));
  const [error, setError] = useState<string | null>(null);
  const kind: NoticeKind = mode.kind === "publish" ? (mode.template === "maintenance" ? "maintenance" : "incident") : mode.notice.kind;
  const resolving = mode.kind === "update" && mode.resolve === true;
  const tpl = (key: StatusTemplateKey) => templates.find((x) => x.key === key)!;
  const nameOf = (c: ComponentView) => c.name[locale === "en" ? "en" : "zh-CN"];

  const done = async (id: number, message: string) => {
    toast({ tone: "success", text: message });
    await Promise.all([queryClient.invalidateQueries(trpc.status.pathFilter()), queryClient.invalidateQueries(trpc.incident.pathFilter())]);
    onDone(id);
  };
  const failed = (e: { message: string }) => toast({ tone: "error", text: t("notices.editor.failed", { message: e.message }) });
  const publish = useMutation(trpc.status.publish.mutationOptions({ onSuccess: (r) => done(r.id, t("notices.editor.published")), onError: failed }));
  const update = useMutation(trpc.status.postUpdate.mutationOptions({ onSuccess: (r) => done(r.id, t("notices.editor.posted")), onError: failed }));
  const busy = publish.isPending || update.isPending;

  // Choosing a template, a provider or a time re-fills the texts from the template (edits start over).
  const refill = (patch: Partial<Draft>) =>
    setDraft((d) => {
      const next = { ...d, ...patch };
      if (mode.kind === "publish") return withTemplate(next, tpl(next.template), all);
      if (resolving) return { ...next, body: fill(tpl(closingTemplateKey(kind)).body, next.provider, etaWords(next.eta)) };
      return next;
    });
  const setText = (field: "title" | "body", lang: Lang, value: string) => setDraft((d) => ({ ...d, [field]: { ...d[field], [lang]: value } }));

  const chosen = all.filter((c) => draft.components[c.key]).map((c) => ({ key: c.key, state: draft.components[c.key]! }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { "zh-CN": draft.body["zh-CN"].trim(), en: draft.body.en.trim() };
    const title = { "zh-CN": draft.title["zh-CN"].trim(), en: draft.title.en.trim() };
    if (!body["zh-CN"] || !body.en || (mode.kind === "publish" && (!title["zh-CN"] || !title.en))) return setError(t("notices.editor.needText"));
    if (!resolving && chosen.length === 0) return setError(t("notices.editor.needComponent"));
    if (mode.kind === "update") {
      setError(null);
      update.mutate({ id: mode.notice.id, status: draft.status, body, components: resolving ? undefined : chosen });
      return;
    }
    let scheduled: { scheduledFor?: Date; scheduledUntil?: Date } = {};
    if (kind === "maintenance") {
      const from = zonedInputToDate(draft.scheduledFor, timeZone);
      const until = zonedInputToDate(draft.scheduledUntil, timeZone);
      if (!from || !until || until <= from) return setError(t("notices.editor.needWindow"));
      scheduled = { scheduledFor: from, scheduledUntil: until };
    }
    setError(null);
    publish.mutate({ incidentId: mode.incidentId, kind, severity: draft.severity, status: draft.status, title, body, components: chosen, templateKey: draft.template, ...scheduled });
  };

  const shownTitle = mode.kind === "publish" ? draft.title : mode.notice.title;
  return (
    <form onSubmit={submit} noValidate className="mt-4">
      <div className="flex flex-wrap items-end gap-3">
        {mode.kind === "publish" && (
          <Field id={`${uid}-tpl`} label={t("notices.editor.template")}>
            <select id={`${uid}-tpl`} value={draft.template} className={inputClass} onChange={(e) => refill({ template: e.target.value as StatusTemplateKey })}>
              {(kind === "maintenance" ? (["maintenance"] as const) : (["busy"] as const)).map((k) => (
                <option key={k} value={k}>
                  {t(`notices.editor.templates.${k}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {(mode.kind === "publish" || resolving) && (
          <Field id={`${uid}-prov`} label={t("notices.editor.provider")}>
            <select id={`${uid}-prov`} value={draft.provider} className={inputClass} onChange={(e) => refill({ provider: e.target.value as ProviderChoice })}>
              {PROVIDER_CHOICES.map((p) => (
                <option key={p} value={p}>
                  {t(`notices.editor.providers.${p}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {mode.kind === "publish" && kind === "incident" && (
          <Field id={`${uid}-eta`} label={t("notices.editor.eta")}>
            <select id={`${uid}-eta`} value={draft.eta} className={inputClass} onChange={(e) => refill({ eta: Number(e.target.value) })}>
              {ETA_MINUTES.map((m) => (
                <option key={m} value={m}>
                  {etaWords(m)[locale === "en" ? "en" : "zh-CN"]}
                </option>
              ))}
            </select>
          </Field>
        )}
        {mode.kind === "publish" && kind === "maintenance" && (
          <>
            <Field id={`${uid}-from`} label={t("notices.editor.scheduledFor", { zone: zoneLabel })}>
              <input id={`${uid}-from`} type="datetime-local" value={draft.scheduledFor} className={inputClass} onChange={(e) => refill({ scheduledFor: e.target.value })} />
            </Field>
            <Field id={`${uid}-until`} label={t("notices.editor.scheduledUntil", { zone: zoneLabel })}>
              <input id={`${uid}-until`} type="datetime-local" value={draft.scheduledUntil} className={inputClass} onChange={(e) => refill({ scheduledUntil: e.target.value })} />
            </Field>
          </>
        )}
        {mode.kind === "publish" && (
          <Field id={`${uid}-sev`} label={t("notices.editor.severity")}>
            <select id={`${uid}-sev`} value={draft.severity} className={inputClass} onChange={(e) => setDraft((d) => ({ ...d, severity: e.target.value as NoticeSeverity }))}>
              {NOTICE_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {t(`notices.severity.${s}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id={`${uid}-status`} label={t("notices.editor.status")}>
          <select id={`${uid}-status`} value={draft.status} disabled={resolving} className={inputClass} onChange={(e) => setDraft((d) => ({ ...d, status: e.target.value as NoticeStatus }))}>
            {statusesFor(kind)
              .filter((s) => (mode.kind === "publish" ? !isClosingStatus(s) : true))
              .map((s) => (
                <option key={s} value={s}>
                  {t(`notices.noticeStatus.${s}`)}
                </option>
              ))}
          </select>
        </Field>
      </div>

      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        {LANGS.map((lang) => {
          const label = t(lang === "en" ? "notices.editor.en" : "notices.editor.zh");
          return (
            <fieldset key={lang} lang={lang} className="min-w-0 rounded-md p-3 ring-1 ring-slate-200">
              <legend className="px-1 text-xs font-semibold text-slate-600">{label}</legend>
              {mode.kind === "publish" && (
                <>
                  <label htmlFor={`${uid}-title-${lang}`} className="block text-xs font-medium text-slate-700">
                    {t("notices.editor.titleLabel", { lang: label })}
                  </label>
                  <input id={`${uid}-title-${lang}`} value={draft.title[lang]} maxLength={TITLE_MAX} className={inputClass} onChange={(e) => setText("title", lang, e.target.value)} />
                </>
              )}
              <label htmlFor={`${uid}-body-${lang}`} className="mt-2 block text-xs font-medium text-slate-700">
                {t("notices.editor.bodyLabel", { lang: label })}
              </label>
              <textarea id={`${uid}-body-${lang}`} value={draft.body[lang]} maxLength={BODY_MAX} rows={4} className={inputClass} onChange={(e) => setText("body", lang, e.target.value)} />
              <Preview lang={lang} severity={draft.severity} title={shownTitle[lang]} body={draft.body[lang]} status={draft.status} />
            </fieldset>
          );
        })}
      </div>

      {!resolving && (
        <fieldset className="mt-4">
          <legend className="text-sm font-medium text-slate-800">{t("notices.editor.components")}</legend>
          <ul className="mt-1 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
            {all.map((c) => {
              const state = draft.components[c.key];
              return (
                <li key={c.key} className="flex items-center gap-2 rounded-md px-2 py-1.5 ring-1 ring-slate-200">
                  <input
                    type="checkbox"
                    id={`${uid}-c-${c.key}`}
                    checked={state != null}
                    aria-label={t("notices.editor.include", { name: nameOf(c) })}
                    onChange={(e) => setDraft((d) => ({ ...d, components: { ...d.components, [c.key]: e.target.checked ? kind === "maintenance" ? "under_maintenance" : "degraded_performance" : null } }))}
                  />
                  <label htmlFor={`${uid}-c-${c.key}`} className="min-w-0 flex-1 truncate text-sm">
                    {nameOf(c)}
                  </label>
                  <select
                    aria-label={t("notices.editor.componentState", { name: nameOf(c) })}
                    value={state ?? ""}
                    disabled={state == null}
                    className="rounded-md border-0 py-1 pl-2 pr-7 text-xs ring-1 ring-slate-300 ring-inset disabled:opacity-50"
                    onChange={(e) => setDraft((d) => ({ ...d, components: { ...d.components, [c.key]: e.target.value as ComponentState } }))}
                  >
                    {state == null && <option value="">—</option>}
                    {COMPONENT_STATES.map((s) => (
                      <option key={s} value={s}>
                        {t(`notices.componentState.${s}`)}
                      </option>
                    ))}
                  </select>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}

      {error && (
        <p role="alert" className="mt-3 text-sm text-rose-700">
          {error}
        </p>
      )}
      <DialogFooter>
        <DialogClose asChild>
          <Button>{t("common.cancel")}</Button>
        </DialogClose>
        <Button type="submit" variant="primary" disabled={busy}>
          {mode.kind === "publish" ? t("notices.editor.publish") : resolving ? t("notices.actions.resolve") : t("notices.editor.post")}
        </Button>
      </DialogFooter>
    </form>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="min-w-40">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
    </div>
  );
}

/** How the notice will look: the website banner and the status page entry, in one language. */
function Preview({ lang, severity, title, body, status }: { lang: Lang; severity: NoticeSeverity; title: string; body: string; status: NoticeStatus }) {
  const { t } = useI18n();
  const label = t(lang === "en" ? "notices.editor.en" : "notices.editor.zh");
  return (
    <section aria-label={t("notices.editor.preview", { lang: label })} className="mt-3 space-y-2">
      <p className="text-xs font-medium text-slate-500">{t("notices.editor.previewBanner")}</p>
      <div className="overflow-hidden rounded ring-1 ring-slate-200">
        <BannerBox severity={severity} title={title} body={body} link={<span className="ml-1.5 text-indigo-800 underline">{lang === "en" ? "Details" : "查看详情"}</span>} action={<span aria-hidden className="px-1.5 text-lg leading-none text-slate-600">×</span>} />
      </div>
      <p className="text-xs font-medium text-slate-500">{t("notices.editor.previewStatus")}</p>
      <div className="rounded bg-white p-3 ring-1 ring-slate-200">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-semibold text-slate-900">{title}</span>
          <NoticeStatusBadge status={status} />
        </div>
        <p className="mt-1 text-sm whitespace-pre-wrap text-slate-700">{body}</p>
      </div>
    </section>
  );
}
