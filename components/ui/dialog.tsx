"use client";

import { Dialog as DialogPrimitive } from "radix-ui";
import { useRef, type ComponentProps, type ReactNode } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Button } from "./button";
import { cx } from "./cx";

// Radix Dialog: focus trap, Escape, aria-modal, scroll lock and focus return come from the library.
export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

export function DialogContent({ className, children, ...props }: ComponentProps<typeof DialogPrimitive.Content>) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-slate-900/40 motion-safe:data-[state=closed]:animate-ui-fade-out motion-safe:data-[state=open]:animate-ui-fade-in" />
      <DialogPrimitive.Content
        {...props}
        className={cx(
          "fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl ring-1 ring-slate-200",
          "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
          "motion-safe:data-[state=closed]:animate-ui-out motion-safe:data-[state=open]:animate-ui-in",
          className,
        )}
      >
        {children}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

export function DialogTitle({ className, ...props }: ComponentProps<typeof DialogPrimitive.Title>) {
  return <DialogPrimitive.Title {...props} className={cx("text-base font-semibold text-slate-900", className)} />;
}

export function DialogDescription({ className, ...props }: ComponentProps<typeof DialogPrimitive.Description>) {
  return <DialogPrimitive.Description {...props} className={cx("mt-2 text-sm text-slate-600", className)} />;
}

export function DialogFooter({ className, children }: { className?: string; children: ReactNode }) {
  return <div className={cx("mt-5 flex justify-end gap-2", className)}>{children}</div>;
}

/**
 * A yes/no confirmation, controlled by its caller (no trigger of its own). Focus starts on Cancel, so a
 * stray Enter does not confirm a bulk action, and goes back to whatever had it before the dialog opened.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  // Radix returns focus to its own Trigger; this dialog is opened by buttons elsewhere on the page.
  const returnTo = useRef<HTMLElement | null>(null);
  return (
    <Dialog open={open} onOpenChange={(next) => !next && onCancel()}>
      <DialogContent
        onOpenAutoFocus={() => {
          returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        }}
        onCloseAutoFocus={(e) => {
          const el = returnTo.current;
          returnTo.current = null;
          if (el?.isConnected && !(el as HTMLButtonElement).disabled) {
            e.preventDefault();
            el.focus();
          }
        }}
      >
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription asChild>
          <div>{children}</div>
        </DialogDescription>
        <DialogFooter>
          <Button onClick={onCancel}>{t("common.cancel")}</Button>
          <Button variant="primary" onClick={onConfirm} disabled={busy}>
            {confirmLabel ?? t("common.confirm")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
