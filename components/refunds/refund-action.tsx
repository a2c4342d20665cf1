"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { minorToMajorString, parseMajorToMinor } from "@/lib/money";
import { REFUND_KINDS, REFUND_REASONS, type RefundKind, type RefundReason } from "@/lib/refunds";

const field = "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";

/**
 * "Refund / alternatives" on an order (order page, customer page, ticket): hidden without refund.create or
 * when nothing is refundable. Shows the caller's own limit and whether this request will wait for approval;
 * the server decides again (an over-limit request is never money out).
 */
export function RefundAction({ orderNo, ticketId }: { orderNo: string; ticketId?: number }) {
  const { t, money } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.refund.forOrder.queryOptions({ orderNo }));
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<RefundKind>("refund");
  const [amount, setAmount] = useState("");
  const [reasonCode, setReasonCode] = useState<RefundReason>("charged_twice");
  const [note, setNote] = useState("");
  const create = useMutation(
    trpc.refund.create.mutationOptions({
      onSuccess: async (r) => {
        setOpen(false);
        toast({ tone: "success", text: r.status === "pending_approval" ? t("refunds.action.sentForApproval", { refundNo: r.refundNo }) : t("refunds.action.accepted", { refundNo: r.refundNo }) });
        await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.refund.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.order.get.queryKey({ orderNo }) })]);
      },
    }),
  );

  if (!q.data || !q.data.may.request) return null;
  const data = q.data;
  // A refund needs money left; a re-shipment or compensation only a paid order.
  if (data.paidMinor === 0 || (data.refundableMinor === 0 && data.orderStatus === "REFUNDED")) return null;
  const limit = data.myLimit;

  let amountMinor: number | null = null;
  try {
    amountMinor = amount.trim() === "" ? null : parseMajorToMinor(amount, data.currency);
  } catch {
    amountMinor = null;
  }
  const ceiling = kind === "refund" ? data.refundableMinor : data.paidMinor;
  const amountOk = amountMinor !== null && amountMinor > 0 && (kind === "compensation" || amountMinor <= ceiling);
  const limited = limit !== null && (limit.singleMaxMinor !== null || limit.dailyMaxMinor !== null);
  const overLimit =
    amountMinor !== null &&
    limit !== null &&
    ((limited && data.currency !== limit.currency) ||
      (limit.singleMaxMinor !== null && amountMinor > limit.singleMaxMinor) ||
      (limit.dailyMaxMinor !== null && limit.usedTodayMinor + amountMinor > limit.dailyMaxMinor));
  const fmtLimit = (v: number | null) => (v === null ? t("refunds.action.unlimited") : money(v, limit?.currency ?? "CNY"));

  const openDialog = (next: boolean) => {
    if (next) {
      setKind(data.refundableMinor > 0 ? "refund" : "compensation");
      setAmount(data.refundableMinor > 0 ? minorToMajorString(data.refundableMinor, data.currency) : "");
      setReasonCode("charged_twice");
      setNote("");
      create.reset();
    }
    setOpen(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!amountOk || amountMinor === null) return;
    create.mutate({ orderNo, kind, amountMinor, reasonCode, note: note.trim() || null, ticketId: ticketId ?? null });
  };

  return (
    <Dialog open={open} onOpenChange={openDialog}>
      <DialogTrigger asChild>
        <Button size="sm">{t("refunds.action.open")}</Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogTitle>{t("refunds.action.title", { orderNo })}</DialogTitle>
        <DialogDescription>{limit ? t("refunds.action.myLimit", { single: fmtLimit(limit.singleMaxMinor), daily: fmtLimit(limit.dailyMaxMinor), used: money(limit.usedTodayMinor, limit.currency) }) : t("refunds.action.noLimit")}</DialogDescription>
        <form onSubmit={submit} className="mt-4 space-y-3">
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">{t("refunds.action.kind")}</legend>
            <div className="mt-1 flex gap-4">
              {REFUND_KINDS.map((k) => (
                <label key={k} className="flex items-center gap-1.5 text-sm">
                  <input type="radio" name="refund-kind" value={k} checked={kind === k} disabled={k === "refund" && data.refundableMinor === 0} onChange={() => setKind(k)} />
                  {t(`refunds.kind.${k}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <label className="block text-sm font-medium text-slate-700">
            {t("refunds.action.amount", { currency: data.currency })}
            <input className={field} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={amount !== "" && !amountOk} />
            <span className="mt-1 block text-xs font-normal text-slate-500">{t("refunds.action.amountHint", { amount: money(data.refundableMinor, data.currency) })}</span>
          </label>
          <label className="block text-sm font-medium text-slate-700">
            {t("refunds.action.reason")}
            <select className={field} value={reasonCode} onChange={(e) => setReasonCode(e.target.value as RefundReason)}>
              {REFUND_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`refunds.reason.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm font-medium text-slate-700">
            {t("refunds.action.note")}
            <textarea className={field} rows={2} maxLength={500} value={note} placeholder={t("refunds.action.notePlaceholder")} onChange={(e) => setNote(e.target.value)} />
          </label>
          {kind !== "refund" && <p className="text-xs text-slate-600">{t(kind === "reship" ? "refunds.action.reshipHint" : "refunds.action.compensationHint")}</p>}
          {amount !== "" && !amountOk && <p className="text-sm text-rose-700">{t("refunds.action.invalidAmount")}</p>}
          {amountOk && (
            <p role="status" className={overLimit ? "rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" : "rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800"}>
              {overLimit ? t("refunds.action.willApprove") : t("refunds.action.withinLimit")}
            </p>
          )}
          {create.isError && (
            <p role="alert" className="text-sm text-rose-700">
              {create.error.message}
            </p>
          )}
          <DialogFooter>
            <Button type="button" onClick={() => openDialog(false)}>
              {t("refunds.action.cancel")}
            </Button>
            <Button type="submit" variant="primary" disabled={!amountOk || create.isPending || (reasonCode === "other" && note.trim() === "")}>
              {t("refunds.action.submit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
