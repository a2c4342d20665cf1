"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";

/**
 * "Notify affected users" on an incident (notice.manage): the dialog first shows how many users will be told
 * and one message per situation as it will leave, then the send runs as a background job; the card follows
 * its progress (the incident's notices by status) and the timeline gets a "user_notices" entry.
 */
export function NotifyAffectedUsers({ incidentId }: { incidentId: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const progress = useQuery({ ...trpc.userNotice.incidentProgress.queryOptions({ incidentId }), refetchInterval: (q) => (q.state.data?.job?.status === "pending" || q.state.data?.job?.status === "running" ? 2_000 : 15_000) });
  const preview = useQuery({ ...trpc.userNotice.incidentPreview.queryOptions({ incidentId }), enabled: open, staleTime: 0 });
  const notify = useMutation(
    trpc.userNotice.incidentNotify.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        toast({ tone: "success", text: t("userNotices.bulk.started") });
        await Promise.all([queryClient.invalidateQueries(trpc.userNotice.pathFilter()), queryClient.invalidateQueries(trpc.incident.pathFilter())]);
      },
      onError: (e) => toast({ tone: "error", text: t("userNotices.bulk.failed", { message: e.message }) }),
    }),
  );
  const sent = progress.data?.counts.sent ?? 0;
  return (
    <Card title={t("userNotices.bulk.button")} className="mt-4">
      <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
        <p className="text-sm text-slate-700" aria-live="polite">
          {progress.data ? t("userNotices.bulk.progress", { sent, total: progress.data.total }) : null}
        </p>
        <Dialog open={open} onOpenChange={setOpen}>
          <DialogTrigger asChild>
            <Button variant="primary">{t("userNotices.bulk.button")}</Button>
          </DialogTrigger>
          <DialogContent className="max-w-xl">
            <DialogTitle>{t("userNotices.bulk.title")}</DialogTitle>
            <DialogDescription asChild>
              <div>
                {preview.isPending ? (
                  <LoadingState rows={3} />
                ) : preview.isError ? (
                  <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
                ) : (
                  <div className="space-y-3">
                    <p className="text-base font-medium text-slate-900" data-testid="bulk-count">
                      {preview.data.total > 0 ? t("userNotices.bulk.count", { n: preview.data.total }) : t("userNotices.bulk.none")}
                    </p>
                    {preview.data.alreadyNotified > 0 && <p className="text-xs text-slate-500">{t("userNotices.bulk.alreadyNotified", { n: preview.data.alreadyNotified })}</p>}
                    <p className="text-xs text-slate-500">{t("userNotices.bulk.channels", { channels: preview.data.channels.map((c) => t(`userNotices.channel.${c}`)).join(" + ") })}</p>
                    <ul className="space-y-2">
                      {preview.data.previews.map((p) => (
                        <li key={p.situation}>
                          <p className="text-xs font-medium text-slate-600">
                            {t("userNotices.bulk.previewFor", { situation: t(`userNotices.situation.${p.situation}`), n: preview.data.counts[p.situation] ?? 0, orderNo: p.orderNo })}
                          </p>
                          <p className="mt-1 rounded-md bg-slate-100 p-2 text-sm whitespace-pre-wrap text-slate-900">{p.text}</p>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </div>
            </DialogDescription>
            <DialogFooter>
              <DialogClose asChild>
                <Button>{t("common.cancel")}</Button>
              </DialogClose>
              <Button variant="primary" disabled={!preview.data || preview.data.total === 0 || notify.isPending} onClick={() => notify.mutate({ incidentId })}>
                {t("userNotices.bulk.confirm")}
              </Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
      </div>
    </Card>
  );
}
