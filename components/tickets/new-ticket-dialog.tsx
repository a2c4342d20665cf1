"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { BODY_MAX, SUBJECT_MAX, TICKET_QUEUES, TICKET_TYPES, type TicketQueue, type TicketType } from "@/lib/tickets";

const field = "mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";

/**
 * "New ticket" from a call or a chat: subject, what the user said, and whatever identifies them (order number,
 * phone, user id). Queue and priority are computed on the server unless chosen; the next available agent
 * with the queue's skill gets it.
 */
export function NewTicketDialog({ orderNo: presetOrderNo, onCreated }: { orderNo?: string; onCreated?: (id: number) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ subject: "", description: "", orderNo: presetOrderNo ?? "", phone: "", userId: "", type: "paid_not_updated" as TicketType, queue: "" as TicketQueue | "" });
  const create = useMutation(
    trpc.ticket.create.mutationOptions({
      onSuccess: async (r) => {
        toast({ tone: "success", text: t("tickets.create.created", { number: r.number }) });
        setOpen(false);
        setForm((f) => ({ ...f, subject: "", description: "" }));
        await queryClient.invalidateQueries(trpc.ticket.pathFilter());
        onCreated?.(r.id);
      },
      onError: (e) => toast({ tone: "error", text: t("tickets.detail.failed", { message: e.message }) }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      subject: form.subject,
      description: form.description,
      type: form.type,
      ...(form.orderNo.trim() ? { orderNo: form.orderNo.trim() } : {}),
      ...(form.phone.trim() ? { requesterPhone: form.phone.trim() } : {}),
      ...(form.userId.trim() ? { requesterUserId: form.userId.trim() } : {}),
      ...(form.queue ? { queue: form.queue } : {}),
    });
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="primary" size="sm">
          {t("tickets.list.newTicket")}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogTitle>{t("tickets.create.title")}</DialogTitle>
        <DialogDescription>{t("tickets.create.subtitle")}</DialogDescription>
        <form onSubmit={submit} className="mt-4 space-y-3">
          <label className="block text-xs text-slate-600">
            {t("tickets.create.subject")}
            <input required maxLength={SUBJECT_MAX} value={form.subject} onChange={set("subject")} className={field} />
          </label>
          <label className="block text-xs text-slate-600">
            {t("tickets.create.description")}
            <textarea required maxLength={BODY_MAX} rows={3} value={form.description} onChange={set("description")} className={field} />
          </label>
          <div className="grid grid-cols-3 gap-2">
            <label className="block text-xs text-slate-600">
              {t("tickets.create.orderNo")}
              <input value={form.orderNo} onChange={set("orderNo")} maxLength={64} className={`${field} font-mono`} />
            </label>
            <label className="block text-xs text-slate-600">
              {t("tickets.create.phone")}
              <input value={form.phone} onChange={set("phone")} inputMode="tel" maxLength={20} className={field} />
            </label>
            <label className="block text-xs text-slate-600">
              {t("tickets.create.userId")}
              <input value={form.userId} onChange={set("userId")} maxLength={64} className={field} />
            </label>
          </div>
          <div className="grid grid-cols-2 gap-2">
            <label className="block text-xs text-slate-600">
              {t("tickets.create.type")}
              <select value={form.type} onChange={set("type")} className={field}>
                {TICKET_TYPES.map((ty) => (
                  <option key={ty} value={ty}>{t(`tickets.type.${ty}`)}</option>
                ))}
              </select>
            </label>
            <label className="block text-xs text-slate-600">
              {t("tickets.create.queue")}
              <select value={form.queue} onChange={set("queue")} className={field}>
                <option value="">{t("tickets.create.queueAuto")}</option>
                {TICKET_QUEUES.map((q) => (
                  <option key={q} value={q}>{t(`tickets.queue.${q}`)}</option>
                ))}
              </select>
            </label>
          </div>
          <p className="text-xs text-slate-500">{t("tickets.create.priorityAuto")}</p>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">{t("tickets.create.cancel")}</Button>
            </DialogClose>
            <Button type="submit" variant="primary" disabled={create.isPending}>
              {t("tickets.create.submit")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
