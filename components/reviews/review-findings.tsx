"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { REVIEW_TEXT_MAX, ROOT_CAUSE_MIN } from "@/lib/reviews";
import type { ReviewDetail } from "./types";

const FIELD = "mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-rose-500";

function Text({ label, value }: { label: string; value: string | null }) {
  const { t } = useI18n();
  return (
    <div>
      <h3 className="text-xs font-semibold text-slate-600">{label}</h3>
      <p className="mt-1 text-sm whitespace-pre-wrap text-slate-800">{value || <span className="text-slate-400">{t("reviews.detail.empty")}</span>}</p>
    </div>
  );
}

/** Root cause, what worked, what did not: the owner's form while draft, the record once completed. */
export function ReviewFindings({ review, canWrite }: { review: ReviewDetail["review"]; canWrite: boolean }) {
  const { t, dateTime } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rootCause, setRootCause] = useState(review.rootCause ?? "");
  const [whatWorked, setWhatWorked] = useState(review.whatWorked ?? "");
  const [whatDidNot, setWhatDidNot] = useState(review.whatDidNot ?? "");
  const [tried, setTried] = useState(false);
  const ids = { root: useId(), worked: useId(), didNot: useId(), error: useId(), hint: useId() };
  const complete = useMutation(
    trpc.review.complete.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("reviews.detail.completed") });
        await queryClient.invalidateQueries(trpc.review.pathFilter());
      },
      onError: (e) => toast({ tone: "error", text: t("reviews.detail.failed", { message: e.message }) }),
    }),
  );
  if (review.status === "completed" || !canWrite) {
    return (
      <Card
        title={t("reviews.detail.findings")}
        actions={review.completedAt ? <span className="text-xs text-slate-500">{t("reviews.detail.completedBy", { who: review.completedBy ?? "—", at: dateTime(review.completedAt) })}</span> : undefined}
        className="mb-4"
      >
        <div className="space-y-3 px-4 py-3">
          <Text label={t("reviews.detail.rootCause")} value={review.rootCause} />
          <Text label={t("reviews.detail.whatWorked")} value={review.whatWorked} />
          <Text label={t("reviews.detail.whatDidNot")} value={review.whatDidNot} />
        </div>
      </Card>
    );
  }
  const length = rootCause.trim().length;
  const invalid = tried && length < ROOT_CAUSE_MIN;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (length < ROOT_CAUSE_MIN) return;
    complete.mutate({ incidentId: review.incidentId, rootCause: rootCause.trim(), whatWorked: whatWorked.trim(), whatDidNot: whatDidNot.trim() });
  };
  return (
    <Card title={t("reviews.detail.findings")} className="mb-4">
      <form onSubmit={submit} noValidate className="space-y-3 px-4 py-3">
        <div>
          <label htmlFor={ids.root} className="block text-sm font-medium text-slate-800">
            {t("reviews.detail.rootCause")}
          </label>
          <p id={ids.hint} className="text-xs text-slate-500">
            {t("reviews.detail.rootCauseHint", { min: ROOT_CAUSE_MIN })}
          </p>
          <textarea
            id={ids.root}
            value={rootCause}
            rows={4}
            maxLength={REVIEW_TEXT_MAX}
            aria-invalid={invalid}
            aria-describedby={invalid ? `${ids.hint} ${ids.error}` : ids.hint}
            onChange={(e) => setRootCause(e.target.value)}
            className={FIELD}
          />
          {invalid && (
            <p id={ids.error} role="alert" className="mt-1 text-xs text-rose-700">
              {t("reviews.detail.rootCauseTooShort", { min: ROOT_CAUSE_MIN, n: length })}
            </p>
          )}
        </div>
        <div>
          <label htmlFor={ids.worked} className="block text-sm font-medium text-slate-800">
            {t("reviews.detail.whatWorked")}
          </label>
          <textarea id={ids.worked} value={whatWorked} rows={3} maxLength={REVIEW_TEXT_MAX} onChange={(e) => setWhatWorked(e.target.value)} className={FIELD} />
        </div>
        <div>
          <label htmlFor={ids.didNot} className="block text-sm font-medium text-slate-800">
            {t("reviews.detail.whatDidNot")}
          </label>
          <textarea id={ids.didNot} value={whatDidNot} rows={3} maxLength={REVIEW_TEXT_MAX} onChange={(e) => setWhatDidNot(e.target.value)} className={FIELD} />
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
          <p className="text-xs text-slate-500">{t("reviews.detail.completeConfirm")}</p>
          <Button type="submit" variant="primary" disabled={complete.isPending}>
            {t("reviews.detail.complete")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
