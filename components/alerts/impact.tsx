"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import type { AlertImpactView } from "./types";

/** "12 orders · 9 users · ¥1,234.00": the impact so far, compact for a table cell. */
export function ImpactShort({ impact }: { impact: AlertImpactView | null }) {
  const { t, money, format } = useI18n();
  if (!impact) return <span className="text-slate-500">—</span>;
  return (
    <span className="tabular-nums">
      {t("alerts.list.impactShort", { orders: format.number(impact.orders), users: format.number(impact.users), amount: money(impact.amount.minor, impact.amount.currency) })}
    </span>
  );
}
