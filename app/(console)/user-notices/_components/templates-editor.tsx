"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { LOCALES, type Locale } from "@/lib/i18n/locale";
import { NOTICE_CHANNELS, renderTemplate, smsText, TEMPLATE_KEYS, TEMPLATE_MAX, TEMPLATE_VARIABLES, unknownVariables, type NoticeChannel, type TemplateKey } from "@/lib/user-notices";

const field = "block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";

export function TemplatesEditor({ canManage }: { canManage: boolean }) {
  const { t, dateTime } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { key: useId(), channel: useId(), locale: useId(), body: useId(), target: useId() };
  const q = useQuery(trpc.userNotice.templates.queryOptions());
  const [key, setKey] = useState<TemplateKey>("paid_not_updated");
  const [channel, setChannel] = useState<NoticeChannel>("sms");
  const [locale, setLocale] = useState<Locale>("zh-CN");
  // The draft per selection: null = not edited (shows the saved wording).
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [target, setTarget] = useState("");
  const refresh = () => queryClient.invalidateQueries(trpc.userNotice.pathFilter());
  const save = useMutation(
    trpc.userNotice.templateSave.mutationOptions({
      onSuccess: async () => {
        setDrafts((d) => {
          const { [`${key}|${channel}|${locale}`]: _saved, ...rest } = d;
          return rest;
        });
        toast({ tone: "success", text: t("userNotices.templates.saved") });
        await refresh();
      },
      onError: (e) => toast({ tone: "error", text: t("userNotices.templates.failed", { message: e.message }) }),
    }),
  );
  const test = useMutation(
    trpc.userNotice.sendTest.mutationOptions({
      onSuccess: async (r) => {
        toast({ tone: r.status === "sent" ? "success" : "error", text: t("userNotices.templates.testSent", { status: t(`userNotices.deliveryStatus.${r.status}`) }) });
        await refresh();
      },
      onError: (e) => toast({ tone: "error", text: t("userNotices.templates.failed", { message: e.message }) }),
    }),
  );
  if (q.isPending) return <LoadingState rows={4} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const entry = q.data.templates.find((e) => e.templateKey === key && e.channel === channel && e.locale === locale);
  const slot = `${key}|${channel}|${locale}`;
  const body = drafts[slot] ?? entry?.body ?? "";
  const unknown = unknownVariables(body);
  const rendered = renderTemplate(body, q.data.samples[key][locale]);
  const preview = channel === "sms" ? smsText(rendered, locale) : rendered;
  const dirty = drafts[slot] !== undefined && drafts[slot] !== entry?.body;
  const select = "rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset";
  return (
    <Card title={t("userNotices.templates.title")}>
      <div className="grid gap-6 p-4 lg:grid-cols-2">
        <div className="space-y-3">
          <p className="text-xs text-slate-600">{t("userNotices.templates.hint")}</p>
          <div className="flex flex-wrap gap-3">
            <label className="text-xs font-medium text-slate-600" htmlFor={ids.key}>
              {t("userNotices.templates.key")}
              <select id={ids.key} className={`${select} ml-2`} value={key} onChange={(e) => setKey(e.target.value as TemplateKey)}>
                {TEMPLATE_KEYS.map((k) => (
                  <option key={k} value={k}>
                    {t(`userNotices.templateKey.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-xs font-medium text-slate-600" htmlFor={ids.channel}>
              {t("userNotices.templates.channel")}
              <select id={ids.channel} className={`${select} ml-2`} value={channel} onChange={(e) => setChannel(e.target.value as NoticeChannel)}>
                {NOTICE_CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {t(`userNotices.channel.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-xs font-medium text-slate-600" htmlFor={ids.locale}>
              {t("userNotices.templates.locale")}
              <select id={ids.locale} className={`${select} ml-2`} value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
                {LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {t(`userNotices.locale.${l}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div>
            <label htmlFor={ids.body} className="block text-xs font-medium text-slate-600">
              {t("userNotices.templates.body")}
            </label>
            <textarea
              id={ids.body}
              rows={6}
              maxLength={TEMPLATE_MAX}
              value={body}
              readOnly={!canManage}
              onChange={(e) => setDrafts((d) => ({ ...d, [slot]: e.target.value }))}
              className={`${field} mt-1 font-mono`}
            />
            <p className="mt-1 text-xs text-slate-500">
              {entry?.isDefault ? t("userNotices.templates.isDefault") : entry?.updatedAt ? t("userNotices.templates.edited", { who: entry.updatedBy ?? "—", at: dateTime(entry.updatedAt) }) : null}
            </p>
            {unknown.length > 0 && (
              <p role="alert" className="mt-1 text-xs text-rose-700">
                {t("userNotices.templates.unknown", { names: unknown.map((n) => `{${n}}`).join(", ") })}
              </p>
            )}
          </div>
          <p className="text-xs text-slate-600">
            {t("userNotices.templates.variables")}: <span className="font-mono">{TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(" ")}</span>
          </p>
          {canManage ? (
            <div className="flex flex-wrap gap-2">
              <Button variant="primary" disabled={!dirty || unknown.length > 0 || !body.trim() || save.isPending} onClick={() => save.mutate({ templateKey: key, channel, locale, body })}>
                {t("userNotices.templates.save")}
              </Button>
              <Button disabled={entry?.isDefault || save.isPending} onClick={() => save.mutate({ templateKey: key, channel, locale, body: null })}>
                {t("userNotices.templates.reset")}
              </Button>
            </div>
          ) : (
            <p className="text-xs text-slate-500">{t("userNotices.templates.readOnly")}</p>
          )}
        </div>
        <div className="space-y-3">
          <section aria-labelledby={`${ids.body}-preview`}>
            <h3 id={`${ids.body}-preview`} className="text-xs font-medium text-slate-600">
              {t("userNotices.templates.preview")}
            </h3>
            <div data-testid="notice-preview" className="mt-1 rounded-lg bg-slate-100 p-3 text-sm whitespace-pre-wrap text-slate-900">
              {preview}
            </div>
          </section>
          {canManage && (
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (target.trim()) test.mutate({ templateKey: key, channel, locale, target: target.trim(), ...(dirty ? { body } : {}) });
              }}
            >
              <label htmlFor={ids.target} className="text-xs font-medium text-slate-600">
                {t("userNotices.templates.testTarget")} ({t(channel === "sms" ? "userNotices.templates.testTargetSms" : "userNotices.templates.testTargetPush")})
                <input id={ids.target} value={target} onChange={(e) => setTarget(e.target.value)} maxLength={64} className={`${field} mt-1 w-56`} />
              </label>
              <Button type="submit" disabled={!target.trim() || unknown.length > 0 || test.isPending}>
                {t("userNotices.templates.sendTest")}
              </Button>
            </form>
          )}
        </div>
      </div>
    </Card>
  );
}
