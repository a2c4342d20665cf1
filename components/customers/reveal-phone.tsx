"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { REVEAL_REASONS, type RevealReason } from "@/lib/customers";

/** "Reveal full number": a reason code and a note, audited on the server before the numbers come back. */
export function RevealPhone({ userId }: { userId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<RevealReason>("callback_requested");
  const [note, setNote] = useState("");
  const reveal = useMutation(trpc.customer.reveal.mutationOptions({ onSuccess: () => setOpen(false) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (note.trim().length >= 5) reveal.mutate({ userId, reason, note: note.trim() });
  };
  if (reveal.data) {
    return (
      <span className="text-sm">
        <span className="font-mono text-slate-900">{reveal.data.phones.join(", ") || "—"}</span>{" "}
        <span className="text-xs text-amber-700">{t("customers.person.revealed")}</span>
      </span>
    );
  }
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)}>
        {t("customers.person.reveal")}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent>
          <DialogTitle>{t("customers.reveal.title")}</DialogTitle>
          <DialogDescription>{t("customers.reveal.description")}</DialogDescription>
          <form onSubmit={submit} className="mt-3 space-y-3">
            <label className="block text-sm">
              <span className="text-xs font-medium text-slate-600">{t("customers.reveal.reason")}</span>
              <select
                value={reason}
                onChange={(e) => setReason(e.target.value as RevealReason)}
                className="mt-1 block w-full rounded-md border-0 py-1.5 pl-2 text-sm ring-1 ring-slate-300 ring-inset"
              >
                {REVEAL_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`customers.revealReason.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              <span className="text-xs font-medium text-slate-600">{t("customers.reveal.note")}</span>
              <textarea
                required
                minLength={5}
                maxLength={500}
                rows={3}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t("customers.reveal.notePlaceholder")}
                className="mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
              />
            </label>
            {note.trim().length > 0 && note.trim().length < 5 && <p className="text-xs text-rose-700">{t("customers.reveal.noteTooShort")}</p>}
            {reveal.isError && <p role="alert" className="text-xs text-rose-700">{reveal.error.message}</p>}
            <DialogFooter>
              <Button onClick={() => setOpen(false)}>{t("customers.reveal.cancel")}</Button>
              <Button type="submit" variant="primary" disabled={reveal.isPending || note.trim().length < 5}>
                {t("customers.reveal.submit")}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
