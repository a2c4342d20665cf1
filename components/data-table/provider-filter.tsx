"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { PROVIDERS, type Provider } from "@/lib/enums";

/** A list's provider filter: "<label>: All" or one provider, by its display name (compact, for a tab row, unless styled). */
export function ProviderFilter({ label, value, onChange, className = "rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset" }: { label: string; value: Provider | ""; onChange: (next: Provider | "") => void; className?: string }) {
  const { t } = useI18n();
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as Provider | "")} className={className}>
      <option value="">
        {label}: {t("common.all")}
      </option>
      {PROVIDERS.map((p) => (
        <option key={p} value={p}>
          {t(`provider.${p}`)}
        </option>
      ))}
    </select>
  );
}
