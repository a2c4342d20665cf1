"use client";

import type { DiscrepancyType, RiskLevel } from "@/lib/enums";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge } from "@/components/ui/badge";

export function RiskBadge({ risk }: { risk: RiskLevel }) {
  const { t } = useI18n();
  return <Badge tone={risk === "high" ? "red" : risk === "medium" ? "amber" : "gray"}>{t(`risk.${risk}`)}</Badge>;
}

export function DiscrepancyTypeLabel({ type }: { type: DiscrepancyType }) {
  const { t } = useI18n();
  return <>{t(`disc.type.${type}`)}</>;
}
