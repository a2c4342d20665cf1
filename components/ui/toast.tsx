"use client";

import { Toast as ToastPrimitive } from "radix-ui";
import { useSyncExternalStore } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { cx } from "./cx";

export interface ToastInput {
  tone: "success" | "error";
  text: string;
}

interface ToastItem extends ToastInput {
  id: number;
  open: boolean;
}

// One store per browser tab: `toast()` may be called from any client code (a mutation's onSuccess, say)
// without threading state through components; <Toaster> is the one place that renders it.
let items: ToastItem[] = [];
let lastId = 0;
const listeners = new Set<() => void>();
const EMPTY: ToastItem[] = [];

function emit(next: ToastItem[]) {
  items = next;
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Shows a toast; the newest three stay on screen. Every call is a new toast, even with the same text. */
export function toast(input: ToastInput): void {
  emit([...items.filter((i) => i.open).slice(-2), { ...input, id: ++lastId, open: true }]);
}

function dismiss(id: number) {
  emit(items.map((i) => (i.id === id ? { ...i, open: false } : i)));
}

export function useToast(): { toast: typeof toast } {
  return { toast };
}

/**
 * Renders the toasts of `toast()`; mounted once, by the console shell. Radix announces each one through its own live region (role=status;
 * assertive for errors, polite otherwise), pauses the timer on hover or focus, and F8 jumps to them.
 */
export function Toaster() {
  const { t } = useI18n();
  const shown = useSyncExternalStore(subscribe, () => items, () => EMPTY);
  return (
    <ToastPrimitive.Provider label={t("ui.toast.label")} duration={6000} swipeDirection="right">
      {shown.map((item) => (
        <ToastPrimitive.Root
          key={item.id}
          open={item.open}
          onOpenChange={(open) => !open && dismiss(item.id)}
          type={item.tone === "error" ? "foreground" : "background"}
          className={cx(
            "flex items-start gap-3 rounded-md px-4 py-2.5 text-sm font-medium text-white shadow-lg ring-1",
            "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
            "data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) data-[swipe=end]:translate-x-(--radix-toast-swipe-end-x)",
            "motion-safe:data-[state=closed]:animate-ui-fade-out motion-safe:data-[state=open]:animate-ui-in",
            item.tone === "success" ? "bg-emerald-700 ring-emerald-800" : "bg-rose-700 ring-rose-800",
          )}
        >
          <ToastPrimitive.Description className="flex-1">{item.text}</ToastPrimitive.Description>
          <ToastPrimitive.Close
            aria-label={t("ui.toast.dismiss")}
            className="-mr-1 rounded-sm px-1 leading-5 text-white/80 hover:text-white focus-visible:outline-2 focus-visible:outline-white"
          >
            <span aria-hidden>×</span>
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport
        // the literal {hotkey} is Radix's placeholder, filled in with the key that focuses the toasts
        label={t("ui.toast.region", { hotkey: "{hotkey}" })}
        className="fixed right-4 bottom-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2 outline-none"
      />
    </ToastPrimitive.Provider>
  );
}
