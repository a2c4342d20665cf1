"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useId, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { formatDuration } from "@/lib/duration";
import { NOTICE_CHANNELS, type NoticeChannel } from "@/lib/user-notices";
import type { AppRouter } from "@/server/api/root";

type Settings = inferRouterOutputs<AppRouter>["userNotice"]["settings"];
const field = "block rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 disabled:bg-slate-50";

export function SettingsPanel({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.userNotice.settings.queryOptions());
  if (q.isPending) return <LoadingState rows={4} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  // Keyed by the saved state: a save (or someone else's) resets the form to what the server holds.
  return <SettingsForm key={String(q.data.updatedAt)} settings={q.data} canManage={canManage} />;
}

function SettingsForm({ settings, canManage }: { settings: Settings; canManage: boolean }) {
  const { t, timeZone } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [after, setAfter] = useState(settings.noticeAfterOverridden ? String(Math.round(settings.noticeAfterMs / 60_000)) : "");
  const [quietStart, setQuietStart] = useState(settings.quietStart);
  const [quietEnd, setQuietEnd] = useState(settings.quietEnd);
  const [rate, setRate] = useState(String(settings.ratePerDay));
  const [channels, setChannels] = useState<NoticeChannel[]>(settings.channels);
  const [autoDetect, setAutoDetect] = useState(settings.autoDetect);
  const save = useMutation(
    trpc.userNotice.settingsUpdate.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("userNotices.settings.saved") });
        await queryClient.invalidateQueries(trpc.userNotice.settings.pathFilter());
      },
      onError: (e) => toast({ tone: "error", text: t("userNotices.templates.failed", { message: e.message }) }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ noticeAfterMs: after.trim() ? Number(after) * 60_000 : null, quietStart, quietEnd, ratePerDay: Number(rate), channels, autoDetect });
  };
  const disabled = !canManage;
  return (
    <Card title={t("userNotices.settings.title")}>
      <form onSubmit={submit} className="grid max-w-2xl gap-4 p-4">
        <div>
          <label htmlFor={`${id}-after`} className="block text-xs font-medium text-slate-600">
            {t("userNotices.settings.noticeAfter")}
          </label>
          <input id={`${id}-after`} type="number" min={1} max={1440} value={after} disabled={disabled} onChange={(e) => setAfter(e.target.value)} placeholder={String(Math.round(settings.noticeAfterFromEnv / 60_000))} className={`${field} mt-1 w-32`} />
          <p className="mt-1 text-xs text-slate-500">{t("userNotices.settings.noticeAfterEnv", { value: formatDuration(settings.noticeAfterFromEnv) })}</p>
        </div>
        <div className="flex flex-wrap gap-4">
          <label className="text-xs font-medium text-slate-600">
            {t("userNotices.settings.quietStart")}
            <input type="time" value={quietStart} disabled={disabled} onChange={(e) => setQuietStart(e.target.value)} className={`${field} mt-1`} />
          </label>
          <label className="text-xs font-medium text-slate-600">
            {t("userNotices.settings.quietEnd")}
            <input type="time" value={quietEnd} disabled={disabled} onChange={(e) => setQuietEnd(e.target.value)} className={`${field} mt-1`} />
          </label>
        </div>
        <p className="-mt-2 text-xs text-slate-500">{t("userNotices.settings.quietHint", { zone: timeZone })}</p>
        <div>
          <label htmlFor={`${id}-rate`} className="block text-xs font-medium text-slate-600">
            {t("userNotices.settings.ratePerDay")}
          </label>
          <input id={`${id}-rate`} type="number" min={1} max={50} value={rate} disabled={disabled} onChange={(e) => setRate(e.target.value)} className={`${field} mt-1 w-24`} />
          <p className="mt-1 text-xs text-slate-500">{t("userNotices.settings.rateHint")}</p>
        </div>
        <fieldset>
          <legend className="text-xs font-medium text-slate-600">{t("userNotices.settings.channels")}</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {NOTICE_CHANNELS.map((c) => (
              <label key={c} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={channels.includes(c)} disabled={disabled} onChange={(e) => setChannels((cs) => (e.target.checked ? [...cs, c] : cs.filter((x) => x !== c)))} />
                {t(`userNotices.channel.${c}`)}
                <Badge tone={settings.configured[c] ? "green" : "gray"}>{t(settings.configured[c] ? "userNotices.settings.configured" : "userNotices.settings.notConfigured")}</Badge>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={autoDetect} disabled={disabled} onChange={(e) => setAutoDetect(e.target.checked)} />
          {t("userNotices.settings.autoDetect")}
        </label>
        {canManage ? (
          <div>
            <Button type="submit" variant="primary" disabled={save.isPending}>
              {t("userNotices.settings.save")}
            </Button>
          </div>
        ) : (
          <p className="text-xs text-slate-500">{t("userNotices.settings.readOnly")}</p>
        )}
      </form>
    </Card>
  );
}
