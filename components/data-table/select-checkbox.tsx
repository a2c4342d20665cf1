"use client";

import type { ChangeEvent } from "react";

/** A labelled checkbox for row selection; `indeterminate` is a DOM property, not an attribute. */
export function SelectCheckbox({ label, checked, indeterminate, disabled, onChange }: { label: string; checked: boolean; indeterminate?: boolean; disabled?: boolean; onChange: (e: ChangeEvent<HTMLInputElement>) => void }) {
  return (
    <input
      type="checkbox"
      aria-label={label}
      checked={checked}
      disabled={disabled}
      aria-checked={indeterminate && !checked ? "mixed" : checked}
      ref={(el) => {
        if (el) el.indeterminate = Boolean(indeterminate && !checked);
      }}
      onChange={onChange}
      className="rounded border-slate-300"
    />
  );
}
