import type { ReactNode } from "react";

/** One of the dashboard's four parts: a heading people can jump to (#payments), its figures, then its charts. */
export function KpiSection({ id, title, hint, children }: { id: string; title: string; hint: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`kpi-section-${id}`} className="scroll-mt-4 space-y-3 break-before-auto">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 border-b border-slate-200 pb-1.5">
        <h2 id={`kpi-section-${id}`} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        <p className="text-xs text-slate-500">{hint}</p>
      </div>
      {children}
    </section>
  );
}
