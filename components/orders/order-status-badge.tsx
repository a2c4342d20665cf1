"use client";

import type { OrderStatus } from "@/lib/enums";
import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge, type Tone } from "@/components/ui/badge";

const TONE: Record<OrderStatus, Tone> = { CREATED: "amber", PAID: "blue", FULFILLED: "green", CLOSED: "gray", PARTIALLY_REFUNDED: "violet", REFUNDED: "gray" };

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONE[status]}>{t(`status.${status}`)}</Badge>;
}

export function NeedsReviewBadge() {
  const { t } = useI18n();
  return <Badge tone="red">{t("orders.needsReview")}</Badge>;
}
