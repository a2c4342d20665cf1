"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge } from "@/components/ui/badge";

export function IncidentStatusBadge({ status }: { status: "open" | "resolved" }) {
  const { t } = useI18n();
  return <Badge tone={status === "open" ? "red" : "green"}>{t(`incidents.status.${status}`)}</Badge>;
}
