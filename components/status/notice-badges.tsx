"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { Badge, type Tone } from "@/components/ui/badge";
import type { ComponentState, Indicator, NoticeKind, NoticeSeverity, NoticeStatus } from "@/lib/status";

const STATE_TONE: Record<ComponentState, Tone> = {
  operational: "green",
  degraded_performance: "amber",
  partial_outage: "red",
  major_outage: "red",
  under_maintenance: "blue",
};
const INDICATOR_TONE: Record<Indicator, Tone> = { none: "green", minor: "amber", major: "red", critical: "red", maintenance: "blue" };
const SEVERITY_TONE: Record<NoticeSeverity, Tone> = { info: "blue", warning: "amber", critical: "red" };
const CLOSED: readonly NoticeStatus[] = ["resolved", "completed"];

export function ComponentStateBadge({ state }: { state: ComponentState }) {
  const { t } = useI18n();
  return (
    <Badge tone={STATE_TONE[state]} className="gap-1">
      <span aria-hidden className="inline-block h-1.5 w-1.5 rounded-full bg-current" />
      {t(`notices.componentState.${state}`)}
    </Badge>
  );
}

export function IndicatorBadge({ indicator }: { indicator: Indicator }) {
  const { t } = useI18n();
  return <Badge tone={INDICATOR_TONE[indicator]}>{t(`notices.indicator.${indicator}`)}</Badge>;
}

export function NoticeStatusBadge({ status }: { status: NoticeStatus }) {
  const { t } = useI18n();
  return <Badge tone={CLOSED.includes(status) ? "green" : status === "scheduled" ? "blue" : "violet"}>{t(`notices.noticeStatus.${status}`)}</Badge>;
}

export function NoticeSeverityBadge({ severity }: { severity: NoticeSeverity }) {
  const { t } = useI18n();
  return <Badge tone={SEVERITY_TONE[severity]}>{t(`notices.severity.${severity}`)}</Badge>;
}

export function NoticeKindBadge({ kind }: { kind: NoticeKind }) {
  const { t } = useI18n();
  return <Badge tone="gray">{t(`notices.kind.${kind}`)}</Badge>;
}
