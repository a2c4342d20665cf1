"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";

/** The server's bounds for a summary (incident.resolve): checked here first so the message is immediate. */
export const SUMMARY_MIN = 10;
export const SUMMARY_MAX = 5000;

/** "Resolve incident": a summary is required (it feeds the review reports); too short → a message, nothing sent. */
export function ResolveIncidentDialog({ id, openAlerts }: { id: number; openAlerts: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState("");
  const [tooShort, setTooShort] = useState(false);
  const fieldId = useId();
  const errorId = useId();
  const resolve = useMutation(
    trpc.incident.resolve.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        setSummary("");
        toast({ tone: "success", text: t("incidents.detail.resolved") });
        await Promise.all([queryClient.invalidateQueries(trpc.incident.pathFilter()), queryClient.invalidateQueries(trpc.alert.pathFilter())]);
      },
      onError: (e) => toast({ tone: "error", text: t("incidents.detail.failed", { message: e.message }) }),
    }),
  );
  const length = summary.trim().length;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (length < SUMMARY_MIN) {
      setTooShort(true);
      return;
    }
    resolve.mutate({ id, summary: summary.trim() });
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setTooShort(false);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="primary">{t("incidents.detail.resolve")}</Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <form onSubmit={submit} noValidate>
          <DialogTitle>{t("incidents.detail.resolveTitle", { id })}</DialogTitle>
          <DialogDescription>{t("incidents.detail.resolveBody")}</DialogDescription>
          {openAlerts > 0 && <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-800">{t("incidents.detail.openAlertsWarning", { n: openAlerts })}</p>}
          <label htmlFor={fieldId} className="mt-4 block text-sm font-medium text-slate-800">
            {t("incidents.detail.summaryLabel")}
          </label>
          <textarea
            id={fieldId}
            value={summary}
            maxLength={SUMMARY_MAX}
            rows={6}
            aria-invalid={tooShort && length < SUMMARY_MIN}
            aria-describedby={tooShort && length < SUMMARY_MIN ? errorId : undefined}
            onChange={(e) => setSummary(e.target.value)}
            className="mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-rose-500"
          />
          {tooShort && length < SUMMARY_MIN && (
            <p id={errorId} role="alert" className="mt-1 text-xs text-rose-700">
              {t("incidents.detail.summaryTooShort", { min: SUMMARY_MIN, n: length })}
            </p>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button>{t("common.cancel")}</Button>
            </DialogClose>
            <Button type="submit" variant="primary" disabled={resolve.isPending}>
              {t("incidents.detail.resolve")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
