"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge } from "@/components/ui/badge";
import type { ReviewStatus } from "@/lib/reviews";

export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  const { t } = useI18n();
  return <Badge tone={status === "completed" ? "green" : "amber"}>{t(`reviews.status.${status}`)}</Badge>;
}
