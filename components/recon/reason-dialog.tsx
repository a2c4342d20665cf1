"use client";

import { useState } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

/** A button that asks for a reason (2–500 characters) before it acts: resolve, write off. */
export function ReasonDialog({
  label,
  title,
  description,
  variant = "secondary",
  onConfirm,
}: {
  label: string;
  title: string;
  description?: string;
  variant?: "primary" | "secondary" | "danger";
  onConfirm: (reason: string) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const ok = reason.trim().length >= 2;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setReason("");
      }}
    >
      <DialogTrigger asChild>
        <Button variant={variant}>{label}</Button>
      </DialogTrigger>
      <DialogContent>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!ok || busy) return;
            setBusy(true);
            onConfirm(reason.trim())
              .then(() => setOpen(false))
              .catch(() => undefined)
              .finally(() => setBusy(false));
          }}
        >
          <DialogTitle>{title}</DialogTitle>
          {description && <DialogDescription>{description}</DialogDescription>}
          <label className="mt-3 flex flex-col gap-1 text-sm text-slate-700">
            {t("disc.bulk.reason")}
            <textarea
              autoFocus
              required
              minLength={2}
              maxLength={500}
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              className="w-full rounded-md border-0 py-1.5 pl-2 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
            />
          </label>
          <DialogFooter>
            <Button onClick={() => setOpen(false)}>{t("common.cancel")}</Button>
            <Button type="submit" variant="primary" disabled={!ok || busy} aria-busy={busy || undefined}>
              {label}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
