"use client";

import { useId, type ReactNode } from "react";

export const inputClass = "w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset aria-invalid:ring-rose-500";

/** A labelled control with its hint or error below it, wired with aria-describedby. */
export function Field({ label, error, hint, children }: { label: string; error?: string; hint?: string; children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">{children(id, error || hint ? `${id}-d` : undefined)}</div>
      {(error || hint) && (
        <p id={`${id}-d`} className={error ? "mt-0.5 text-xs text-rose-700" : "mt-0.5 text-xs text-slate-500"}>
          {error ?? hint}
        </p>
      )}
    </div>
  );
}

/** A group of checkboxes over a fixed vocabulary (routes: severities, metrics, roles, channels). */
export function CheckboxGroup<T extends string>({ label, options, value, render, onChange, error, hint }: { label: string; options: readonly T[]; value: readonly T[]; render: (v: T) => string; onChange: (v: T[]) => void; error?: string; hint?: string }) {
  const id = useId();
  return (
    <fieldset aria-describedby={error || hint ? `${id}-d` : undefined}>
      <legend className="text-xs font-medium text-slate-700">{label}</legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={o} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={value.includes(o)} onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((v) => v !== o))} />
            {render(o)}
          </label>
        ))}
      </div>
      {(error || hint) && (
        <p id={`${id}-d`} className={error ? "mt-0.5 text-xs text-rose-700" : "mt-0.5 text-xs text-slate-500"}>
          {error ?? hint}
        </p>
      )}
    </fieldset>
  );
}
