"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * Keyboard work on a list: j / k move the highlighted row, Enter opens it — not while typing in a field or
 * while a dialog is open. Returns the highlighted row's id (for the row outline) and a reset for when the
 * list changes under it (new filter, new page).
 */
export function useRowKeys<R extends { id: number | string }>(rows: readonly R[] | undefined, hrefOf: (row: R) => string) {
  const router = useRouter();
  const [active, setActive] = useState(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.metaKey || e.ctrlKey || e.altKey || el?.closest("input, textarea, select, [role=dialog], [contenteditable=true]")) return;
      const n = rows?.length ?? 0;
      if (n === 0) return;
      if (e.key === "j") setActive((a) => Math.min(n - 1, a + 1));
      else if (e.key === "k") setActive((a) => Math.max(0, a - 1));
      else if (e.key === "Enter" && el === document.body) router.push(hrefOf(rows![Math.min(active, n - 1)]!));
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rows, active, router, hrefOf]);
  const activeId = rows?.[Math.min(active, (rows?.length ?? 1) - 1)]?.id;
  return { activeId, resetActive: () => setActive(0) };
}
