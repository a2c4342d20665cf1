"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { ReasonText } from "@/components/reasons/reason-text";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import type { Reason } from "@/lib/reasons";
import type { CustomerAbilities, CustomerOrderView } from "./types";

/** The actions of one order on the customer page: query now, resend fulfilment, open a ticket. */
export function OrderActions({ order, can }: { order: CustomerOrderView; can: CustomerAbilities }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
  const [result, setResult] = useState<{ result: string; detail: string; reason: Reason | null } | null>(null);
  const queryNow = useMutation(
    trpc.order.queryNow.mutationOptions({
      onSuccess: async (r) => {
        setResult({ result: r.result, detail: r.detail, reason: r.reason });
        await refresh();
        await queryClient.invalidateQueries({ queryKey: trpc.order.get.queryKey({ orderNo: order.orderNo }) });
      },
      onError: (e) => setResult({ result: "error", detail: e.message, reason: null }),
    }),
  );
  const resend = useMutation(
    trpc.customer.resendFulfilment.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("customers.actions.resent") });
        await refresh();
      },
      onError: (e) => toast({ tone: "error", text: e.message }),
    }),
  );
  const paidNotFulfilled = order.status === "PAID";
  const waiting = order.status === "CREATED" || order.status === "CLOSED";
  return (
    <div className="flex flex-wrap items-center gap-2">
      {can.queryNow && (waiting || paidNotFulfilled) && (
        <Button size="sm" variant={waiting ? "primary" : "secondary"} disabled={queryNow.isPending} onClick={() => queryNow.mutate({ orderNo: order.orderNo })}>
          {queryNow.isPending ? t("customers.actions.querying") : t("customers.actions.queryNow")}
        </Button>
      )}
      {can.resend && paidNotFulfilled && (
        <Button size="sm" disabled={resend.isPending} onClick={() => resend.mutate({ orderNo: order.orderNo })}>
          {resend.isPending ? t("customers.actions.resending") : t("customers.actions.resend")}
        </Button>
      )}
      {can.ticket && <OpenTicket orderNo={order.orderNo} onCreated={refresh} />}
      <Link href={`/orders/${encodeURIComponent(order.orderNo)}`} className="text-xs text-indigo-700 hover:underline">
        {t("customers.order.open")}
      </Link>
      {result && (
        <span role="status" className={result.result === "error" ? "w-full text-xs text-rose-700" : "w-full text-xs text-slate-700"}>
          {t("customers.actions.queryResult", { result: result.result })}
          {result.detail && (
            <>
              {" — "}
              <ReasonText reason={result.reason} raw={result.detail} />
            </>
          )}
        </span>
      )}
    </div>
  );
}

function OpenTicket({ orderNo, onCreated }: { orderNo: string; onCreated: () => unknown }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [subject, setSubject] = useState(() => t("customers.actions.ticketSubject", { orderNo }));
  const [description, setDescription] = useState("");
  const create = useMutation(
    trpc.ticket.create.mutationOptions({
      onSuccess: async (r) => {
        setOpen(false);
        toast({ tone: "success", text: t("customers.actions.ticketCreated", { number: r.number }) });
        await onCreated();
      },
      onError: (e) => toast({ tone: "error", text: e.message }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (subject.trim() && description.trim()) create.mutate({ subject: subject.trim(), description: description.trim(), orderNo });
  };
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)}>
        {t("customers.actions.openTicket")}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent>
          <DialogTitle>{t("customers.actions.openTicket")}</DialogTitle>
          <form onSubmit={submit} className="mt-3 space-y-3">
            <input
              aria-label={t("tickets.list.col.ticket")}
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              className="block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
            />
            <textarea
              aria-label={t("customers.actions.ticketDescription")}
              placeholder={t("customers.actions.ticketDescription")}
              required
              rows={4}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              className="block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
            />
            <DialogFooter>
              <Button onClick={() => setOpen(false)}>{t("customers.reveal.cancel")}</Button>
              <Button type="submit" variant="primary" disabled={create.isPending || !description.trim()}>
                {t("customers.actions.ticketCreate")}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
