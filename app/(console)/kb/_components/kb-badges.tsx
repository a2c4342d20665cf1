"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge } from "@/components/ui/badge";
import type { KbStatus, KbVisibility } from "@/lib/kb";

export function VisibilityBadge({ visibility }: { visibility: KbVisibility }) {
  const { t } = useI18n();
  return <Badge tone={visibility === "public" ? "green" : "violet"}>{t(`kb.visibility.${visibility}`)}</Badge>;
}

export function KbStatusBadge({ status }: { status: KbStatus }) {
  const { t } = useI18n();
  return status === "draft" ? <Badge tone="amber">{t("kb.status.draft")}</Badge> : null;
}
