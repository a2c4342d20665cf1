"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge, type Tone } from "@/components/ui/badge";
import type { NoticeDeliveryStatus, NoticeStatus } from "@/lib/user-notices";

const DELIVERY_TONE: Record<NoticeDeliveryStatus, Tone> = { pending: "blue", retrying: "amber", sent: "green", failed: "red", skipped: "gray" };
const NOTICE_TONE: Record<NoticeStatus, Tone> = { queued: "blue", deferred: "violet", sent: "green", failed: "red", skipped: "gray" };

export function DeliveryStatusBadge({ status }: { status: NoticeDeliveryStatus }) {
  const { t } = useI18n();
  return <Badge tone={DELIVERY_TONE[status] ?? "gray"}>{t(`userNotices.deliveryStatus.${status}`)}</Badge>;
}

export function NoticeStatusBadge({ status }: { status: NoticeStatus }) {
  const { t } = useI18n();
  return <Badge tone={NOTICE_TONE[status] ?? "gray"}>{t(`userNotices.noticeStatus.${status}`)}</Badge>;
}
