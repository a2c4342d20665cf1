"use client";

import { useEffect } from "react";
import { cx } from "./cx";

export interface ToastMessage {
  id: number;
  tone: "success" | "error";
  text: string;
}

let lastToastId = 0;
/** A fresh id per toast, so the same text shown twice still restarts the timer. */
export function nextToastId(): number {
  return ++lastToastId;
}

/** One toast at a time, announced to screen readers, gone after a few seconds. */
export function Toast({ toast, onDone }: { toast: ToastMessage | null; onDone: () => void }) {
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(onDone, 6000);
    return () => clearTimeout(timer);
  }, [toast, onDone]);
  return (
    <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50">
      {toast && (
        <div
          role="status"
          className={cx(
            "pointer-events-auto rounded-md px-4 py-2.5 text-sm font-medium shadow-lg ring-1",
            toast.tone === "success" ? "bg-emerald-600 text-white ring-emerald-700" : "bg-rose-600 text-white ring-rose-700",
          )}
        >
          {toast.text}
        </div>
      )}
    </div>
  );
}
