"use client";

import { useQuery } from "@tanstack/react-query";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { ALERTS_REFRESH_MS } from "./alerts-input";

/** The console navigation's "N firing" count next to Alerts; nothing while nothing fires (or it cannot load). */
export function FiringBadge() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const counts = useQuery({ ...trpc.alert.counts.queryOptions(), refetchInterval: ALERTS_REFRESH_MS, retry: false });
  const n = counts.data?.firing ?? 0;
  if (n === 0) return null;
  return (
    <>
      <span aria-hidden className="ml-auto rounded-full bg-rose-600 px-1.5 text-xs font-medium text-white tabular-nums">
        {n}
      </span>
      <span className="sr-only">({t("alerts.list.badge", { n })})</span>
    </>
  );
}
